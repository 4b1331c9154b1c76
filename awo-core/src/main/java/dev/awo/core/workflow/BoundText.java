package dev.awo.core.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text of a node definition with its bindings parsed once, when the node is defined: {@code
 * $node_id.field} is a field of an earlier node's output, {@code $context.var} a value of the work
 * order's context (see {@link ContextVariables}). {@link #resolve} substitutes in one pass, left to
 * right: text that a binding brings in is never expanded again, so user text containing {@code $}
 * is safe. Template placeholders ({@code $1}, {@code $ARGUMENTS}) are not bindings.
 *
 * <pre>{@code
 * BoundText title = BoundText.of("Fix $context.issue_title");
 * title.references();                                                  // [$context.issue_title]
 * title.resolve(Map.of("context", Map.of("issue_title", "the crash"))); // "Fix the crash"
 * }</pre>
 *
 * <p>Two bound texts are equal when their texts are. Immutable and thread-safe.
 */
public final class BoundText extends ParsedText {
  private static final Pattern REFERENCE = Pattern.compile("\\$([a-z][a-z0-9_]*)\\.([a-z][a-z0-9_]*)");

  private final List<Object> parts;
  private final List<Reference> references;

  private BoundText(String text) {
    super(text);
    List<Object> parsed = new ArrayList<>();
    List<Reference> found = new ArrayList<>();
    Matcher m = REFERENCE.matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parsed.add(text.substring(last, m.start()));
      }
      Reference ref = new Reference(m.group(1), m.group(2));
      parsed.add(ref);
      found.add(ref);
      last = m.end();
    }
    if (last < text.length()) {
      parsed.add(text.substring(last));
    }
    this.parts = List.copyOf(parsed);
    this.references = List.copyOf(found);
  }

  /** A reference to {@code field} of {@code scope} (a node id or {@code context}). */
  public record Reference(String scope, String field) {
    /** Checks that both parts are present. */
    public Reference {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(field, "field");
    }

    /** This reference's value in {@code scopes} (scope name to field values), or null when it has none. */
    public String valueIn(Map<String, ? extends Map<String, String>> scopes) {
      Map<String, String> values = scopes.get(scope);
      return values == null ? null : values.get(field);
    }

    @Override
    public String toString() {
      return "$" + scope + "." + field;
    }
  }

  /** {@code text}, parsed. */
  public static BoundText of(String text) {
    return new BoundText(Objects.requireNonNull(text, "text"));
  }

  /** Every reference in the text, in order. */
  public List<Reference> references() {
    return references;
  }

  /** True when the text has no bindings, so its value is known before running. */
  public boolean isLiteral() {
    return references.isEmpty();
  }

  /**
   * The text with every reference replaced by its value from {@code scopes} (scope name to field
   * values); a reference with no value becomes empty.
   */
  public String resolve(Map<String, ? extends Map<String, String>> scopes) {
    if (references.isEmpty()) {
      return text();
    }
    StringBuilder out = new StringBuilder(text().length() + 32);
    for (Object part : parts) {
      if (part instanceof Reference ref) {
        String value = ref.valueIn(scopes);
        if (value != null) {
          out.append(value);
        }
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }

}
