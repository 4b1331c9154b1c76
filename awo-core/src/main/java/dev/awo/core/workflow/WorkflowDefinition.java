package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.WorkOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow as data: named nodes joined by edges, and optionally the {@link Budget} of each work
 * order it runs and its {@link StuckDetection}. Check and compile it with {@link
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
public record WorkflowDefinition(String name, String description, List<NodeDefinition> nodes, List<EdgeDefinition> edges,
    Budget budget, StuckDetection stuckDetection) {

  /**
   * Checks the fields.
   *
   * @param budget the budget of each work order run with this workflow (a request may set its own
   *     limits instead); null or {@link Budget#NONE} for none
   * @param stuckDetection when an agent of this workflow counts as stuck; null for the orchestrator's
   *     setting ({@link StuckDetection#DEFAULT} unless changed)
   */
  public WorkflowDefinition {
    WorkOrder.requireWorkflowName(name);
    requirePresent(nodes, "nodes");
    nodes = List.copyOf(nodes);
    edges = edges == null ? List.of() : List.copyOf(edges);
    budget = budget == null ? Budget.NONE : budget;
  }

  /** A definition without a budget of its own and with the orchestrator's stuck detection. */
  public WorkflowDefinition(String name, String description, List<NodeDefinition> nodes, List<EdgeDefinition> edges) {
    this(name, description, nodes, edges, Budget.NONE, null);
  }

  /** This definition with another work order budget. */
  public WorkflowDefinition withBudget(Budget newBudget) {
    return new WorkflowDefinition(name, description, nodes, edges, newBudget, stuckDetection);
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
    private Budget budget = Budget.NONE;
    private StuckDetection stuckDetection;

    private Builder(String name) {
      this.name = name;
    }

    public Builder description(String description) { this.description = description; return this; }
    public Builder node(NodeDefinition node) { nodes.add(node); return this; }
    public Builder edge(String from, String to) { edges.add(EdgeDefinition.of(from, to)); return this; }
    public Builder edge(String from, String to, String when) { edges.add(new EdgeDefinition(from, to, when)); return this; }

    /** The budget of each work order run with this workflow; none by default. */
    public Builder budget(Budget budget) { this.budget = requirePresent(budget, "budget"); return this; }

    /** When an agent counts as stuck; the orchestrator's setting by default. */
    public Builder stuckDetection(StuckDetection stuckDetection) {
      this.stuckDetection = requirePresent(stuckDetection, "stuckDetection");
      return this;
    }

    public WorkflowDefinition build() {
      return new WorkflowDefinition(name, description, nodes, edges, budget, stuckDetection);
    }
  }
}
