package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.util.Locale;
import java.util.Set;

/**
 * What an agent node's output must be, which checks it gets, and which fields it offers to later
 * nodes ({@code $node.field}). Every node offers {@code output} and {@code session_id}.
 */
public enum OutputKind {
  /** Free text. */
  TEXT(Set.of()),
  /** {@code /feature}, {@code /bug} or {@code /chore}; offers {@code kind} ({@code feature}...) and {@code command}. */
  CLASSIFICATION(Set.of("kind", "command")),
  /** A path to an existing file inside the sandbox; offers {@code path}. */
  FILE_PATH(Set.of("path")),
  /** The agent created a branch; the sandbox's current branch is validated and recorded; offers {@code branch}. */
  BRANCH(Set.of("branch")),
  /** A pull request URL when one was opened; recorded on the work order; offers {@code pr_url}. */
  PULL_REQUEST(Set.of("pr_url"));

  /** Fields every node's output has. */
  public static final Set<String> COMMON_FIELDS = Set.of("output", "session_id");

  private final Set<String> fields;

  OutputKind(Set<String> fields) {
    this.fields = fields;
  }

  /** The fields a node of this kind offers, besides {@link #COMMON_FIELDS}. */
  public Set<String> fields() {
    return fields;
  }

  public boolean offers(String field) {
    return COMMON_FIELDS.contains(field) || fields.contains(field);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OutputKind fromWireName(String name) {
    for (OutputKind kind : values()) {
      if (kind.wireName().equals(name)) {
        return kind;
      }
    }
    throw new InvalidInputException("expects", "unknown output kind '" + dev.awo.spi.Arguments.excerpt(name)
        + "'; expected text, classification, file_path, branch or pull_request");
  }
}
