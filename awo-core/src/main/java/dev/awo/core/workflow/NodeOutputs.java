package dev.awo.core.workflow;

import java.util.HashSet;
import java.util.Set;

/** Which output fields each kind of node offers to the nodes after it. */
final class NodeOutputs {
  private NodeOutputs() {}

  static Set<String> fields(NodeDefinition node) {
    Set<String> fields = new HashSet<>(OutputKind.COMMON_FIELDS);
    switch (node.type()) {
      case AGENT_CALL -> fields.addAll(node.expects().fields());
      case CONDITION -> fields.add("value");
      case HUMAN_GATE -> fields.add("decision");
      case TOOL_CALL -> fields.addAll(Set.of("url", "number", "commit", "branch"));
    }
    return fields;
  }

  static boolean offers(NodeDefinition node, String field) {
    return fields(node).contains(field);
  }
}
