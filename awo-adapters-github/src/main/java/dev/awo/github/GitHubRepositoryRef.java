package dev.awo.github;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import dev.awo.spi.process.Redactor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub repository named by host, owner and name, parsed from the forms people paste:
 * {@code https://github.com/o/r} (with or without {@code .git} or a trailing slash), {@code
 * git@github.com:o/r.git}, {@code ssh://git@github.com/o/r.git}, plain {@code o/r}, GitHub
 * Enterprise hosts ({@code https://ghe.example.com/o/r}) and, for loopback tests, {@code
 * http://github.localhost/o/r}.
 *
 * <pre>{@code
 * GitHubRepositoryRef ref = GitHubRepositoryRef.parse("git@github.com:acme/widgets.js.git");
 * ref.fullName();   // "acme/widgets.js"
 * }</pre>
 *
 * <p>Names keep their dots; only a final {@code .git} is removed. Owner and name are checked against
 * GitHub's rules, so a reference can never reach gh's command line as an option.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param host the host named in the reference (lower case, may carry a port), or {@code null} for
 *     the {@code owner/name} form, which means the configured default host
 * @param owner the user or organisation
 * @param name the repository name, without {@code .git}
 */
public record GitHubRepositoryRef(String host, String owner, String name) {
  /** The host used when a reference names none and no host is configured. */
  public static final String DEFAULT_HOST = "github.com";

  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern HOST = Pattern.compile(
      "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?");
  private static final Pattern WEB = Pattern.compile("((?i:https?))://([^/@?#]+)/([^/]+)/([^/]+?)/?");
  private static final Pattern SSH_URL = Pattern.compile("ssh://git@([^/:@?#]+)(?::[0-9]{1,5})?/([^/]+)/([^/]+?)/?");
  private static final Pattern SCP = Pattern.compile("git@([^/:@?#]+):([^/]+)/([^/]+?)/?");
  private static final Pattern SHORT = Pattern.compile("([^/:@]+)/([^/:@]+)");
  private static final String FIELD = "repositoryUrl";
  private static final String FORMS = "; expected https://github.com/OWNER/REPO, git@github.com:OWNER/REPO.git, "
      + "ssh://git@github.com/OWNER/REPO.git or OWNER/REPO";

  public GitHubRepositoryRef {
    if (host != null) {
      host = host.toLowerCase(Locale.ROOT);
      if (!HOST.matcher(host).matches()) {
        throw new InvalidInputException(FIELD, "'" + Arguments.excerpt(host) + "' is not a host name");
      }
    }
    requireOwner(owner);
    requireName(name);
  }

  /**
   * Parses a repository reference.
   *
   * @throws InvalidInputException when {@code reference} is none of the accepted forms or names an
   *     owner or repository GitHub would not allow; the message says which and what is accepted
   */
  public static GitHubRepositoryRef parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidInputException(FIELD, "is required" + FORMS);
    }
    String text = reference.strip();
    if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw invalid(text, "contains white space or control characters");
    }
    if (text.contains("?") || text.contains("#")) {
      throw invalid(text, "carries a query or fragment");
    }
    Matcher m;
    if (text.regionMatches(true, 0, "http", 0, 4) && text.contains("://")) {
      if (text.indexOf('@') >= 0) {
        throw new InvalidInputException(FIELD, "the URL carries credentials (user or token before '@'); "
            + "remove them and pass the token through GhConfig.builder().token(...) instead");
      }
      if ((m = WEB.matcher(text)).matches()) {
        String host = m.group(2).toLowerCase(Locale.ROOT);
        if (m.group(1).equalsIgnoreCase("http") && !isLoopbackTestHost(host)) {
          throw invalid(text, "uses plain http; use https (http is accepted only for the test host github.localhost)");
        }
        return of(host, m.group(3), stripGit(m.group(4)), text);
      }
      throw invalid(text, "is not a repository URL (expected exactly /OWNER/REPO after the host)");
    }
    if ((m = SSH_URL.matcher(text)).matches()) {
      return of(m.group(1), m.group(2), stripGit(m.group(3)), text);
    }
    if ((m = SCP.matcher(text)).matches()) {
      return of(m.group(1), m.group(2), stripGit(m.group(3)), text);
    }
    if (text.contains("://")) {
      throw invalid(text, "uses an unsupported scheme");
    }
    if ((m = SHORT.matcher(text)).matches()) {
      return of(null, m.group(1), stripGit(m.group(2)), text);
    }
    throw invalid(text, "is not a repository reference");
  }

  /** {@code owner/name}. */
  public String fullName() {
    return owner + "/" + name;
  }

  /** The host this reference names, or {@code defaultHost} when it names none. */
  public String hostOr(String defaultHost) {
    return host != null ? host : defaultHost;
  }

  /** {@code HOST/OWNER/NAME}, the form gh's {@code --repo} accepts for any host. */
  public String qualifiedName(String defaultHost) {
    return hostOr(defaultHost) + "/" + fullName();
  }

  private static GitHubRepositoryRef of(String host, String owner, String name, String original) {
    try {
      return new GitHubRepositoryRef(host, owner, name);
    } catch (InvalidInputException e) {
      throw invalid(original, e.getMessage().substring(("Invalid " + FIELD + ": ").length()));
    }
  }

  private static void requireOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches() || owner.endsWith("-") || owner.contains("--")) {
      throw new InvalidInputException(FIELD, "owner '" + Arguments.excerpt(String.valueOf(owner))
          + "' is not a GitHub user or organisation name (letters, digits and single hyphens, at most 39, "
          + "not starting or ending with a hyphen)");
    }
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")
        || name.equalsIgnoreCase(".git")) {
      throw new InvalidInputException(FIELD, "repository name '" + Arguments.excerpt(String.valueOf(name))
          + "' is not valid (letters, digits, '.', '_' and '-', at most 100, not '.', '..' or '.git')");
    }
  }

  private static String stripGit(String name) {
    return name.endsWith(".git") && name.length() > 4 ? name.substring(0, name.length() - 4) : name;
  }

  private static boolean isLoopbackTestHost(String host) {
    return host.equals("github.localhost") || host.endsWith(".github.localhost");
  }

  private static InvalidInputException invalid(String text, String problem) {
    String shown = Arguments.excerpt(Redactor.patternsOnly().redact(text));
    return new InvalidInputException(FIELD, "'" + shown + "' " + problem + FORMS);
  }
}
