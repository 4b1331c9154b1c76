package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import java.util.List;
import java.util.Set;

/**
 * One node of a workflow: an {@link AgentCall}, a {@link ToolCall}, a {@link Condition} or a {@link
 * HumanGate}, one record per type, so a node holds the fields of its type and no other. Each record
 * checks its own fields when it is made (texts with bindings and condition expressions are parsed
 * then, once); checks across nodes (edges, cycles, bindings to upstream nodes, templates, ports,
 * reserved ids) are the {@link WorkflowCompiler}'s.
 *
 * <pre>{@code
 * NodeDefinition plan = NodeDefinition.agentCall("plan", "planner_feature").arguments("$context.task").build();
 * NodeDefinition pr = NodeDefinition.toolCall("pr", "open_pr").input("title", "awo: $context.task").build();
 * NodeDefinition green = NodeDefinition.condition("green", "$tests.output contains \"PASS\"");
 * NodeDefinition approve = NodeDefinition.humanGate("approve").message("Ship $context.task?").build();
 * }</pre>
 *
 * <p>Every implementation is an immutable, thread-safe record.
 */
public sealed interface NodeDefinition permits AgentCall, ToolCall, Condition, HumanGate {

  /** The node's id: a lowercase letter, then lowercase letters, digits or '_'; at most 64. */
  String id();

  /** The node's type. */
  NodeType type();

  /** What the node's final failure does to the run; {@link FailureMode#FAIL} for nodes that cannot fail. */
  default FailureMode onFailure() {
    return FailureMode.FAIL;
  }

  /** Every binding the node reads, in order. */
  List<BoundText.Reference> references();

  /** The output fields the node offers to later nodes ({@code $id.field}); always {@code output}. */
  Set<String> outputFields();

  /** Starts an {@code agent_call} node running {@code template}. */
  static AgentCall.Builder agentCall(String id, String template) {
    return new AgentCall.Builder(id, template);
  }

  /** Starts a {@code tool_call} node running the built-in tool named {@code tool}. */
  static ToolCall.Builder toolCall(String id, String tool) {
    return new ToolCall.Builder(id, BuiltInTool.fromWireName(tool));
  }

  /** A {@code condition} node; the expression is parsed now. */
  static Condition condition(String id, String expression) {
    return new Condition(id, ConditionExpression.parse(expression));
  }

  /** Starts a {@code human_gate} node. */
  static HumanGate.Builder humanGate(String id) {
    return new HumanGate.Builder(id);
  }

  /** Returns {@code id} if it is a node id, else throws (field {@code id}). */
  static String requireId(String id) {
    return requireId(id, "id");
  }

  /** Returns {@code id} if it is a node id, else throws naming {@code field}. */
  static String requireId(String id, String field) {
    requireText(id, field);
    char first = id.charAt(0);
    if (first < 'a' || first > 'z' || !Arguments.isName(id, 64, "_")) {
      throw new InvalidInputException(field, "'" + Arguments.excerpt(id)
          + "' is not a node id (lowercase letter first, then lowercase letters, digits, '_'; at most 64)");
    }
    return id;
  }
}
