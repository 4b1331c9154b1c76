package dev.awo.core.workflow;

import java.util.List;
import java.util.Map;

/**
 * A workflow that passed every check, ready to run: its nodes in a topological order (ties broken
 * by the order of definition) and each node's predecessors and successors. Everything a run needs
 * was parsed when the nodes were made — condition expressions ({@link Condition#expression()}),
 * the bindings of every text ({@link BoundText#references()}), tools ({@link ToolCall#tool()}) —
 * so running never parses a definition string again. Made only by {@link WorkflowCompiler}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CompiledWorkflow {
  private final WorkflowDefinition definition;
  private final List<NodeDefinition> order;
  private final Map<String, NodeDefinition> byId;
  private final Map<String, List<EdgeDefinition>> incoming;
  private final Map<String, List<EdgeDefinition>> outgoing;
  private final Map<String, Integer> positions;

  CompiledWorkflow(
      WorkflowDefinition definition,
      List<NodeDefinition> order,
      Map<String, NodeDefinition> byId,
      Map<String, List<EdgeDefinition>> incoming,
      Map<String, List<EdgeDefinition>> outgoing,
      Map<String, Integer> positions) {
    this.definition = definition;
    this.order = List.copyOf(order);
    this.byId = Map.copyOf(byId);
    this.incoming = Map.copyOf(incoming);
    this.outgoing = Map.copyOf(outgoing);
    this.positions = Map.copyOf(positions);
  }

  public WorkflowDefinition definition() { return definition; }

  /**
   * This workflow with the limits of {@code budget} in place of the definition's where it sets
   * them (a work order's own budget); this very workflow when {@code budget} is unlimited.
   */
  public CompiledWorkflow withBudget(Budget budget) {
    if (budget == null || budget.isUnlimited()) {
      return this;
    }
    return new CompiledWorkflow(definition.withBudget(budget.orElse(definition.budget())), order, byId, incoming,
        outgoing, positions);
  }

  public String name() { return definition.name(); }

  /** Every node, each after all the nodes it depends on. */
  public List<NodeDefinition> topologicalOrder() { return order; }

  /** The ids of the human gates, in topological order. */
  public List<String> humanGates() {
    return order.stream().filter(n -> n.type() == NodeType.HUMAN_GATE).map(NodeDefinition::id).toList();
  }

  public NodeDefinition node(String id) {
    NodeDefinition node = byId.get(id);
    if (node == null) {
      throw new IllegalArgumentException("No node '" + id + "' in workflow " + name());
    }
    return node;
  }

  /** The edges into {@code id}. */
  public List<EdgeDefinition> incoming(String id) { return incoming.getOrDefault(id, List.of()); }

  /** The edges out of {@code id}. */
  public List<EdgeDefinition> outgoing(String id) { return outgoing.getOrDefault(id, List.of()); }

  /** The 1-based position of {@code id} in the topological order. */
  public int position(String id) { return positions.get(id); }

  public int size() { return order.size(); }
}
