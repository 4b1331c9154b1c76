package dev.awo.core.workflow;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which output fields each kind of node offers to the nodes after it: every node offers {@code
 * output}; agent calls add {@code session_id} and the fields of what they expect; tool calls the
 * fields of their tool; conditions {@code value}; human gates {@code decision} ({@code approved} or
 * {@code rejected}) and {@code reason}.
 */
final class NodeOutputs {
  private NodeOutputs() {}

  static Set<String> fields(NodeDefinition node) {
    Set<String> fields = new TreeSet<>();
    fields.add("output");
    switch (node.type()) {
      case AGENT_CALL -> {
        fields.add("session_id");
        fields.addAll(node.expects().fields());
      }
      case CONDITION -> fields.add("value");
      case HUMAN_GATE -> fields.addAll(Set.of("decision", "reason"));
      case TOOL_CALL -> BuiltInTool.find(node.tool()).ifPresent(t -> fields.addAll(t.outputs()));
    }
    return fields;
  }

  static boolean offers(NodeDefinition node, String field) {
    return fields(node).contains(field);
  }
}
