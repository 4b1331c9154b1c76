package dev.awo.spi.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged, stored or handed to listeners: the literal values
 * it was given (tokens, API keys) and anything shaped like a well-known credential (Anthropic and
 * GitHub tokens, passwords in URLs).
 *
 * <pre>{@code
 * Redactor redactor = Redactor.of(List.of(apiKey));
 * log.info(redactor.redact(line));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  private static final Pattern TOKEN_SHAPES =
      Pattern.compile("sk-ant-[A-Za-z0-9_\\-]{8,}|gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}");
  private static final Pattern CLOUD_AND_BEARER = Pattern.compile(
      "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"
          + "|(?i)(?<=bearer\\s{1,3})[A-Za-z0-9._~+/\\-]{16,}=*"
          + "|(?i)(?<=aws_secret_access_key[\"']?\\s{0,3}[=:]\\s{0,3}[\"']?)[A-Za-z0-9/+]{40}");
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)(?:[^/\\s:@]+:[^/\\s@]*|[^/\\s:@]{16,})@");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(TOKEN|API_?KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH(?!OR(_|$))).*");
  private static final int SHORTEST_SECRET = 4;
  private static final Redactor PATTERNS_ONLY = new Redactor(List.of());

  private final List<String> literals;

  private Redactor(List<String> literals) {
    this.literals = literals;
  }

  /** Redacts the well-known credential shapes only. */
  public static Redactor patternsOnly() {
    return PATTERNS_ONLY;
  }

  /** Redacts these literal values (values shorter than 4 characters are ignored) and the shapes. */
  public static Redactor of(Collection<String> secrets) {
    List<String> kept = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && secret.length() >= SHORTEST_SECRET && !kept.contains(secret)) {
        kept.add(secret);
      }
    }
    kept.sort((a, b) -> b.length() - a.length());
    return new Redactor(List.copyOf(kept));
  }

  /** Whether an environment variable's name says its value is a secret, e.g. {@code GH_TOKEN}. */
  public static boolean looksSecret(String variableName) {
    return SECRET_NAME.matcher(variableName).matches();
  }

  /** The values of the variables in {@code environment} whose names look secret. */
  public static List<String> secretValues(Map<String, String> environment) {
    List<String> values = new ArrayList<>();
    environment.forEach((name, value) -> {
      if (value != null && looksSecret(name)) {
        values.add(value);
      }
    });
    return values;
  }

  /** This redactor plus more literal secrets. */
  public Redactor with(Collection<String> moreSecrets) {
    List<String> all = new ArrayList<>(literals);
    all.addAll(moreSecrets);
    return of(all);
  }

  /** {@code text} with every secret replaced by {@link #MASK}; null stays null. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : literals) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    if (mayHaveTokenShape(out)) {
      out = TOKEN_SHAPES.matcher(out).replaceAll(MASK);
    }
    if (mayHaveCloudOrBearerShape(out)) {
      out = CLOUD_AND_BEARER.matcher(out).replaceAll(MASK);
    }
    if (out.contains("://") && out.indexOf('@') >= 0) {
      out = URL_CREDENTIALS.matcher(out).replaceAll(Matcher.quoteReplacement(MASK + "@"));
    }
    return out;
  }

  private static boolean mayHaveCloudOrBearerShape(String text) {
    return text.contains("AKIA") || text.contains("ASIA") || text.contains("earer") || text.contains("EARER")
        || text.contains("ccess_key") || text.contains("CCESS_KEY");
  }

  private static boolean mayHaveTokenShape(String text) {
    return text.contains("sk-ant-") || text.contains("_") && (text.contains("gh") || text.contains("github_pat"));
  }
}
