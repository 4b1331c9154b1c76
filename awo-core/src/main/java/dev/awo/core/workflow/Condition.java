package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePresent;

import java.util.List;
import java.util.Set;

/**
 * A {@code condition} node: evaluates {@code expression} (parsed when the node is made) over earlier
 * outputs; its value picks the outgoing edges whose {@code when} matches. A condition cannot fail,
 * so it has no retry, timeout or failure mode.
 *
 * <pre>{@code
 * Condition green = NodeDefinition.condition("green", "$tests.output contains \"PASS\"");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record Condition(String id, ConditionExpression expression) implements NodeDefinition {

  /** Checks the fields. */
  public Condition {
    NodeDefinition.requireId(id);
    requirePresent(expression, "expression");
  }

  @Override
  public NodeType type() {
    return NodeType.CONDITION;
  }

  @Override
  public List<BoundText.Reference> references() {
    return expression.references();
  }

  @Override
  public Set<String> outputFields() {
    return Set.of("output", "value");
  }
}
