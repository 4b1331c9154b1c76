package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds of workflow node, one record each, and the one list of which JSON fields each kind has
 * (besides {@code id} and {@code type}). Wire names are lowercase, e.g. {@code agent_call}.
 *
 * <p>Constants are immutable and thread-safe.
 */
public enum NodeType {
  /** Runs a prompt template with the agent: {@link AgentCall}. */
  AGENT_CALL(Set.of("template", "arguments", "agent_name", "expects", "retry", "timeout", "on_failure", "budget")),
  /** Runs a built-in operation (commit, push, open a PR, comment) through the ports: {@link ToolCall}. */
  TOOL_CALL(Set.of("tool", "inputs", "retry", "timeout", "on_failure")),
  /** Waits for a person to approve or reject: {@link HumanGate}. */
  HUMAN_GATE(Set.of("inputs", "on_failure")),
  /** Chooses which outgoing edges are taken from earlier outputs: {@link Condition}. */
  CONDITION(Set.of("expression"));

  private final Set<String> fields;

  NodeType(Set<String> fields) {
    this.fields = fields;
  }

  /** The JSON fields a node of this type has, besides {@code id} and {@code type}. */
  public Set<String> fields() {
    return fields;
  }

  /** Every JSON field of some node type, {@code id} and {@code type} included, sorted. */
  public static Set<String> allFields() {
    Set<String> all = new TreeSet<>(Set.of("id", "type"));
    Arrays.stream(values()).forEach(t -> all.addAll(t.fields));
    return all;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NodeType fromWireName(String name) {
    for (NodeType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw new InvalidInputException("type", "unknown node type '" + dev.awo.spi.Arguments.excerpt(name)
        + "'; expected agent_call, tool_call, human_gate or condition");
  }
}
