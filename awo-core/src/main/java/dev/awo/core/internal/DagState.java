package dev.awo.core.internal;

import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.EdgeDefinition;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which nodes of one run are ready, running or finished, and what finishing one releases. The
 * scheduling policy lives here, free of threads, so the runner and the benchmarks share it:
 * <ul>
 *   <li>a node is ready once every edge into it is resolved and at least one of them was taken;
 *       once every edge into it is resolved and none was taken, it is skipped, and so on downstream;
 *   <li>edges out of a succeeded node are taken; out of a condition, only those whose {@code when}
 *       equals its value; out of a node that failed under {@code on_failure: continue}, taken
 *       (its dependents run and can branch on its outputs); out of a skipped node, not taken;
 *   <li>ready nodes are handed out in topological order.
 * </ul>
 * Not thread-safe: one coordinator thread owns it at a time.
 */
public final class DagState {
  /** Where a node is. */
  public enum Node { PENDING, READY, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED }

  private final List<NodeDefinition> nodes;
  private final Map<String, Integer> index = new HashMap<>();
  private final int[][] successors;
  private final String[][] successorWhen;
  private final int[] unresolved;
  private final boolean[] taken;
  private final boolean[] condition;
  private final Node[] states;
  private final PriorityQueue<Integer> ready = new PriorityQueue<>();

  public DagState(CompiledWorkflow workflow) {
    this.nodes = workflow.topologicalOrder();
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      index.put(nodes.get(i).id(), i);
    }
    successors = new int[n][];
    successorWhen = new String[n][];
    unresolved = new int[n];
    taken = new boolean[n];
    condition = new boolean[n];
    states = new Node[n];
    for (int i = 0; i < n; i++) {
      NodeDefinition node = nodes.get(i);
      List<EdgeDefinition> out = workflow.outgoing(node.id());
      successors[i] = new int[out.size()];
      successorWhen[i] = new String[out.size()];
      for (int k = 0; k < out.size(); k++) {
        successors[i][k] = index.get(out.get(k).to());
        successorWhen[i][k] = out.get(k).when();
      }
      unresolved[i] = workflow.incoming(node.id()).size();
      condition[i] = node.type() == NodeType.CONDITION;
      states[i] = Node.PENDING;
    }
    for (int i = 0; i < n; i++) {
      if (unresolved[i] == 0) {
        states[i] = Node.READY;
        ready.add(i);
      }
    }
  }

  public boolean hasReady() {
    return !ready.isEmpty();
  }

  public int readyCount() {
    return ready.size();
  }

  /** Every ready node, in topological order. */
  public List<NodeDefinition> readyNodes() {
    return ready.stream().sorted().map(nodes::get).toList();
  }

  /** The first ready node in topological order, without starting it, or null. */
  public NodeDefinition peek() {
    Integer i = ready.peek();
    return i == null ? null : nodes.get(i);
  }

  /** The first ready node in topological order, now marked running. */
  public NodeDefinition start() {
    int i = ready.remove();
    states[i] = Node.RUNNING;
    return nodes.get(i);
  }

  /** Marks a ready node running out of order (used when replaying a saved history). */
  public void start(String id) {
    int i = index.get(id);
    if (ready.remove(i)) {
      states[i] = Node.RUNNING;
    }
  }

  public Node state(String id) {
    return states[index.get(id)];
  }

  /**
   * Records how a running node ended ({@code value}: a condition's value, else ignored); newly
   * ready nodes join the ready set. Returns the nodes this skipped, in the order they were skipped.
   */
  public List<NodeDefinition> finish(String id, Node outcome, String value) {
    List<NodeDefinition> skipped = new ArrayList<>(0);
    int i = index.get(id);
    if (states[i] == Node.READY) {
      ready.remove(i);
    }
    states[i] = outcome;
    release(i, outcome, value, skipped);
    return skipped;
  }

  private void release(int from, Node outcome, String value, List<NodeDefinition> skipped) {
    // iterative over skip cascades, so a long skipped chain cannot overflow the stack
    java.util.ArrayDeque<Integer> skippedNow = new java.util.ArrayDeque<>();
    resolveEdges(from, outcome, value, skipped, skippedNow);
    while (!skippedNow.isEmpty()) {
      resolveEdges(skippedNow.pop(), Node.SKIPPED, null, skipped, skippedNow);
    }
  }

  private void resolveEdges(int from, Node outcome, String value, List<NodeDefinition> skipped,
      java.util.ArrayDeque<Integer> skippedNow) {
    int[] next = successors[from];
    for (int k = 0; k < next.length; k++) {
      int to = next[k];
      boolean take = switch (outcome) {
        case SUCCEEDED -> !condition[from] || successorWhen[from][k].equals(value);
        case FAILED -> !condition[from];
        default -> false;
      };
      taken[to] |= take;
      if (--unresolved[to] == 0 && states[to] == Node.PENDING) {
        if (taken[to]) {
          states[to] = Node.READY;
          ready.add(to);
        } else {
          states[to] = Node.SKIPPED;
                skipped.add(nodes.get(to));
          skippedNow.push(to);
        }
      }
    }
  }
}
