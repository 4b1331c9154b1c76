package dev.awo.core.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter binding in node fields: {@code $node_id.field} is a field of an earlier node's output,
 * {@code $context.var} a value of the work order's context. Substitution is one pass, left to
 * right: text that a binding brings in is never expanded again, so user text containing {@code $}
 * is safe. Template placeholders ({@code $1}, {@code $ARGUMENTS}) are not bindings.
 *
 * <p>This class is thread-safe.
 */
public final class Bindings {
  /** The scope name for work order context values. */
  public static final String CONTEXT = "context";

  private static final Pattern REFERENCE = Pattern.compile("\\$([a-z][a-z0-9_]*)\\.([a-z][a-z0-9_]*)");
  private static final int MAX_CACHED = 4096;
  private static final Map<String, Object[]> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

  private Bindings() {}

  /** A reference to {@code field} of {@code scope} (a node id or {@code context}). */
  public record Reference(String scope, String field) {
    @Override
    public String toString() {
      return "$" + scope + "." + field;
    }
  }

  /** Every reference in {@code text}, in order. */
  public static List<Reference> references(String text) {
    List<Reference> found = new ArrayList<>();
    if (text != null) {
      Matcher m = REFERENCE.matcher(text);
      while (m.find()) {
        found.add(new Reference(m.group(1), m.group(2)));
      }
    }
    return found;
  }

  /**
   * {@code text} with every reference replaced by its value from {@code scopes} (scope name to
   * field values); a reference with no value becomes empty. The parsed form of each text is cached:
   * the texts come from workflow definitions, so the cache stays small (and stops growing at 4,096).
   */
  public static String resolve(String text, Map<String, Map<String, String>> scopes) {
    if (text == null || text.indexOf('$') < 0) {
      return text;
    }
    Object[] parts = PARSED.get(text);
    if (parts == null) {
      parts = parse(text);
      if (PARSED.size() < MAX_CACHED) {
        PARSED.put(text, parts);
      }
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (Object part : parts) {
      if (part instanceof Reference ref) {
        Map<String, String> scope = scopes.get(ref.scope());
        String value = scope == null ? null : scope.get(ref.field());
        if (value != null) {
          out.append(value);
        }
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }

  /** Literal text and {@link Reference}s, in order. */
  private static Object[] parse(String text) {
    List<Object> parts = new ArrayList<>();
    Matcher m = REFERENCE.matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parts.add(text.substring(last, m.start()));
      }
      parts.add(new Reference(m.group(1), m.group(2)));
      last = m.end();
    }
    if (last < text.length()) {
      parts.add(text.substring(last));
    }
    return parts.toArray();
  }

}
