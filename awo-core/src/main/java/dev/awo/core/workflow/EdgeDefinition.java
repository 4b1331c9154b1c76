package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requireText;

/**
 * An edge: {@code to} runs after {@code from}. From a condition node, {@code when} names the
 * branch value that takes this edge; otherwise it is null.
 */
public record EdgeDefinition(String from, String to, String when) {
  public EdgeDefinition {
    requireText(from, "edge.from");
    requireText(to, "edge.to");
  }

  public static EdgeDefinition of(String from, String to) {
    return new EdgeDefinition(from, to, null);
  }
}
