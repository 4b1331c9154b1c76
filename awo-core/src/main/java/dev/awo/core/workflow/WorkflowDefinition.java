package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.WorkOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow as data: named nodes joined by edges. Check and compile it with {@link
 * WorkflowCompiler} before running; the definition itself only holds what it was given.
 *
 * <pre>{@code
 * WorkflowDefinition review = WorkflowDefinition.builder("review")
 *     .node(NodeDefinition.agentCall("plan", "planner_feature").arguments("$context.work_order_id", "$context.task").build())
 *     .node(NodeDefinition.agentCall("implement", "implementor").arguments("$plan.output").build())
 *     .edge("plan", "implement")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record WorkflowDefinition(String name, String description, List<NodeDefinition> nodes, List<EdgeDefinition> edges) {

  public WorkflowDefinition {
    WorkOrder.requireWorkflowName(name);
    requirePresent(nodes, "nodes");
    nodes = List.copyOf(nodes);
    edges = edges == null ? List.of() : List.copyOf(edges);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder that chains nodes in the order given, each after the one before. */
  public static Builder linear(String name, List<NodeDefinition> nodes) {
    Builder builder = new Builder(name);
    for (int i = 0; i < nodes.size(); i++) {
      builder.node(nodes.get(i));
      if (i > 0) {
        builder.edge(nodes.get(i - 1).id(), nodes.get(i).id());
      }
    }
    return builder;
  }

  /** Builds {@link WorkflowDefinition}s; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private final List<NodeDefinition> nodes = new ArrayList<>();
    private final List<EdgeDefinition> edges = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder description(String description) { this.description = description; return this; }
    public Builder node(NodeDefinition node) { nodes.add(node); return this; }
    public Builder edge(String from, String to) { edges.add(EdgeDefinition.of(from, to)); return this; }
    public Builder edge(String from, String to, String when) { edges.add(new EdgeDefinition(from, to, when)); return this; }

    public WorkflowDefinition build() {
      return new WorkflowDefinition(name, description, nodes, edges);
    }
  }
}
