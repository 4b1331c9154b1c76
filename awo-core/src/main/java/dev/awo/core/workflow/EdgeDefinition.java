package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;

/**
 * An edge: {@code to} runs after {@code from}, both node ids. From a condition node, {@code when}
 * names the branch value that takes this edge (at most 200 characters); otherwise it is null.
 * Whether the nodes exist is the compiler's check.
 *
 * <p>Immutable and thread-safe.
 */
public record EdgeDefinition(String from, String to, String when) {
  /** Checks that both ends have the form of node ids. */
  public EdgeDefinition {
    NodeDefinition.requireId(from, "edge.from");
    NodeDefinition.requireId(to, "edge.to");
    if (when != null && when.length() > 200) {
      throw new InvalidInputException("edge.when", "is " + when.length() + " characters long; at most 200");
    }
  }

  public static EdgeDefinition of(String from, String to) {
    return new EdgeDefinition(from, to, null);
  }
}
