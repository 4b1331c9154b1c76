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
   * field values); a reference with no value becomes empty.
   */
  public static String resolve(String text, Map<String, Map<String, String>> scopes) {
    if (text == null || text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    while (m.find()) {
      Map<String, String> scope = scopes.get(m.group(1));
      String value = scope == null ? null : scope.get(m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
