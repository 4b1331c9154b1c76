package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.util.Locale;

/** The kinds of workflow node. Wire names are lowercase, e.g. {@code agent_call}. */
public enum NodeType {
  /** Runs a prompt template with the agent. */
  AGENT_CALL,
  /** Runs a built-in operation (commit, push, open a PR, comment) through the ports. */
  TOOL_CALL,
  /** Waits for a person to approve or reject. */
  HUMAN_GATE,
  /** Chooses which outgoing edges are taken from earlier outputs. */
  CONDITION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NodeType fromWireName(String name) {
    for (NodeType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw new InvalidInputException("type", "unknown node type '" + name
        + "'; expected agent_call, tool_call, human_gate or condition");
  }
}
