package dev.awo.core.workflow;

import dev.awo.spi.template.CommandTemplates;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks workflow definitions and compiles them into {@link CompiledWorkflow}s. {@link #validate}
 * reports every problem across nodes it finds, each naming its node: duplicate ids, reserved ids
 * ({@link ContextVariables#RESERVED_NODE_IDS}), edges naming nodes that don't exist, cycles (naming
 * the nodes on them), nodes unreachable from the start (the first node), bindings to nodes that are
 * not upstream or to fields and variables that cannot exist, prompt templates that cannot be found,
 * tools whose port is not configured (with {@link #withPorts}), edges out of conditions without
 * {@code when}, and {@code when} values a boolean condition can never take. What a single node's
 * fields must be is checked when the node is made (see {@link NodeDefinition}).
 *
 * <pre>{@code
 * CompiledWorkflow plan = WorkflowCompiler.withTemplates(templates).compile(definition);
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class WorkflowCompiler {
  private final CommandTemplates templates;
  private final Set<BuiltInTool.Port> ports;

  private WorkflowCompiler(CommandTemplates templates, Set<BuiltInTool.Port> ports) {
    this.templates = templates;
    this.ports = ports;
  }

  /** A compiler that also checks that every agent node's template exists in {@code templates}. */
  public static WorkflowCompiler withTemplates(CommandTemplates templates) {
    return new WorkflowCompiler(java.util.Objects.requireNonNull(templates, "templates"), null);
  }

  /** A compiler that checks structure and bindings only. */
  public static WorkflowCompiler structural() {
    return new WorkflowCompiler(null, null);
  }

  /**
   * This compiler, also reporting tool nodes whose port is not among {@code available} (e.g. an
   * {@code open_pr} node without a PullRequestOpener). The orchestrator's builder uses it, so a
   * missing port is found when the orchestrator is built rather than mid-run.
   */
  public WorkflowCompiler withPorts(Set<BuiltInTool.Port> available) {
    return new WorkflowCompiler(templates, Set.copyOf(java.util.Objects.requireNonNull(available, "available")));
  }

  /** Compiles {@code definition}, or throws {@link InvalidWorkflowException} listing every problem. */
  public CompiledWorkflow compile(WorkflowDefinition definition) {
    List<WorkflowProblem> problems = validate(definition);
    if (!problems.isEmpty()) {
      throw new InvalidWorkflowException(definition.name(), problems);
    }
    Map<String, NodeDefinition> byId = new LinkedHashMap<>();
    definition.nodes().forEach(n -> byId.put(n.id(), n));
    Map<String, List<EdgeDefinition>> incoming = new HashMap<>();
    Map<String, List<EdgeDefinition>> outgoing = new HashMap<>();
    for (EdgeDefinition e : definition.edges()) {
      incoming.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
      outgoing.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }
    incoming.replaceAll((k, v) -> List.copyOf(v));
    outgoing.replaceAll((k, v) -> List.copyOf(v));
    List<NodeDefinition> order = topologicalOrder(definition).stream().map(byId::get).toList();
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      positions.put(order.get(i).id(), i + 1);
    }
    return new CompiledWorkflow(definition, order, byId, incoming, outgoing, positions);
  }

  /** Every problem with {@code definition}; empty when it compiles. */
  public List<WorkflowProblem> validate(WorkflowDefinition definition) {
    List<WorkflowProblem> problems = new ArrayList<>();
    if (definition.nodes().isEmpty()) {
      problems.add(new WorkflowProblem(null, "a workflow needs at least one node"));
      return problems;
    }
    Map<String, NodeDefinition> byId = new LinkedHashMap<>();
    for (NodeDefinition node : definition.nodes()) {
      if (byId.putIfAbsent(node.id(), node) != null) {
        problems.add(new WorkflowProblem(node.id(), "duplicate node id; every node needs its own"));
      }
      checkNode(node, problems);
    }
    checkEdges(definition, byId, problems);
    // the later checks look at the edges that join two existing, different nodes, so that one bad
    // edge does not hide the problems elsewhere
    List<EdgeDefinition> sound = definition.edges().stream()
        .filter(e -> byId.containsKey(e.from()) && byId.containsKey(e.to()) && !e.from().equals(e.to())).toList();
    Set<String> targetsOfBadEdges = new HashSet<>();
    definition.edges().stream().filter(e -> !sound.contains(e)).forEach(e -> targetsOfBadEdges.add(e.to()));
    WorkflowDefinition checked = new WorkflowDefinition(definition.name(), definition.description(),
        definition.nodes(), sound);
    List<List<String>> cycles = findCycles(checked, byId.keySet());
    for (List<String> cycle : cycles) {
      problems.add(new WorkflowProblem(cycle.get(0), "is on a cycle: " + String.join(" -> ", cycle)));
    }
    List<WorkflowProblem> unreachable = new ArrayList<>();
    checkReachability(checked, byId, unreachable);
    unreachable.stream().filter(p -> !targetsOfBadEdges.contains(p.nodeId())).forEach(problems::add);
    checkBindings(checked, byId, problems);
    return problems;
  }

  /** The per-node checks that need more than the node itself: reserved ids, templates, ports. */
  private void checkNode(NodeDefinition node, List<WorkflowProblem> problems) {
    String reserved = ContextVariables.whyReserved(node.id());
    if (reserved != null) {
      problems.add(new WorkflowProblem(node.id(), reserved));
    }
    if (node instanceof AgentCall agent && templates != null) {
      for (String name : agent.templateNames()) {
        if (!templates.contains(name)) {
          problems.add(new WorkflowProblem(node.id(), "no prompt template named '" + name + "'"));
        }
      }
    }
    if (node instanceof ToolCall call && ports != null && !ports.contains(call.tool().port())) {
      BuiltInTool tool = call.tool();
      problems.add(new WorkflowProblem(node.id(), "tool '" + tool.wireName() + "' needs " + tool.port().description()
          + ", and none is configured" + (tool.port().howToConfigure() == null ? ""
              : "; add one with " + tool.port().howToConfigure())));
    }
  }

  private static boolean checkEdges(
      WorkflowDefinition definition, Map<String, NodeDefinition> byId, List<WorkflowProblem> problems) {
    boolean valid = true;
    Set<String> seen = new HashSet<>();
    for (EdgeDefinition edge : definition.edges()) {
      if (!byId.containsKey(edge.from())) {
        problems.add(new WorkflowProblem(edge.to(), "has an edge from '" + edge.from() + "', which is not a node"));
        valid = false;
      }
      if (!byId.containsKey(edge.to())) {
        problems.add(new WorkflowProblem(edge.from(), "has an edge to '" + edge.to() + "', which is not a node"));
        valid = false;
      }
      if (edge.from().equals(edge.to())) {
        problems.add(new WorkflowProblem(edge.from(), "is on a cycle: " + edge.from() + " -> " + edge.to()));
        valid = false;
      }
      if (!seen.add(edge.from() + "\u0000" + edge.to() + "\u0000" + edge.when())) {
        problems.add(new WorkflowProblem(edge.from(), "has the edge to '" + edge.to() + "' twice"));
      }
      NodeDefinition from = byId.get(edge.from());
      if (from instanceof Condition && edge.when() == null) {
        problems.add(new WorkflowProblem(edge.from(), "edges out of a condition need 'when' (the value that takes them)"));
      }
      if (from instanceof Condition c && edge.when() != null && c.expression().isBoolean()
          && !edge.when().equals("true") && !edge.when().equals("false")) {
        problems.add(new WorkflowProblem(edge.from(), "the edge to '" + edge.to() + "' has when '" + edge.when()
            + "', but the expression is true or false; use when \"true\" or \"false\""));
      }
      if (from != null && !(from instanceof Condition) && edge.when() != null) {
        problems.add(new WorkflowProblem(edge.from(), "only a condition's edges can have 'when'"));
      }
    }
    return valid;
  }

  private static List<List<String>> findCycles(WorkflowDefinition definition, Set<String> ids) {
    Map<String, List<String>> next = adjacency(definition);
    Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
    List<List<String>> cycles = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (String start : ids) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
      path.push(start);
      iterators.push(next.getOrDefault(start, List.of()).iterator());
      state.put(start, 1);
      while (!path.isEmpty()) {
        java.util.Iterator<String> it = iterators.peek();
        if (it.hasNext()) {
          String child = it.next();
          Integer s = state.get(child);
          if (s == null) {
            state.put(child, 1);
            path.push(child);
            iterators.push(next.getOrDefault(child, List.of()).iterator());
          } else if (s == 1) {
            List<String> onStack = new ArrayList<>(path);
            java.util.Collections.reverse(onStack);
            List<String> cycle = new ArrayList<>(onStack.subList(onStack.indexOf(child), onStack.size()));
            cycle.add(child);
            if (cycle.stream().noneMatch(reported::contains)) {
              reported.addAll(cycle);
              cycles.add(cycle);
            }
          }
        } else {
          state.put(path.pop(), 2);
          iterators.pop();
        }
      }
    }
    return cycles;
  }

  private static void checkReachability(
      WorkflowDefinition definition, Map<String, NodeDefinition> byId, List<WorkflowProblem> problems) {
    String start = definition.nodes().get(0).id();
    Set<String> reached = descendants(adjacency(definition), start);
    reached.add(start);
    for (String id : byId.keySet()) {
      if (!reached.contains(id)) {
        problems.add(new WorkflowProblem(id, "is unreachable from the start node '" + start + "'"));
      }
    }
  }

  private void checkBindings(
      WorkflowDefinition definition, Map<String, NodeDefinition> byId, List<WorkflowProblem> problems) {
    Map<String, List<String>> previous = new HashMap<>();
    for (EdgeDefinition e : definition.edges()) {
      previous.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
    }
    for (NodeDefinition node : definition.nodes()) {
      List<BoundText.Reference> refs = node.references();
      boolean bindsNodes = refs.stream().anyMatch(r -> !r.scope().equals(ContextVariables.SCOPE));
      Set<String> upstream = bindsNodes ? descendants(previous, node.id()) : Set.of();
      for (BoundText.Reference ref : refs) {
        checkReference(node, ref, upstream, byId, problems);
      }
    }
  }

  private static void checkReference(
      NodeDefinition node, BoundText.Reference ref, Set<String> upstream, Map<String, NodeDefinition> byId,
      List<WorkflowProblem> problems) {
    if (ref.scope().equals(ContextVariables.SCOPE)) {
      if (!ContextVariables.ALL.contains(ref.field())) {
        problems.add(new WorkflowProblem(node.id(), "binding " + ref + " names no context variable; known: "
            + String.join(", ", new java.util.TreeSet<>(ContextVariables.ALL))));
      }
      return;
    }
    NodeDefinition target = byId.get(ref.scope());
    if (target == null) {
      problems.add(new WorkflowProblem(node.id(), "binding " + ref + " names node '" + ref.scope() + "', which does not exist"));
    } else if (!upstream.contains(ref.scope())) {
      problems.add(new WorkflowProblem(node.id(), "binding " + ref + " names node '" + ref.scope()
          + "', which is not upstream of this node (add an edge path from it)"));
    } else if (!target.outputFields().contains(ref.field())) {
      problems.add(new WorkflowProblem(node.id(), "binding " + ref + ": node '" + ref.scope() + "' has no field '"
          + ref.field() + "'; it offers " + String.join(", ", new java.util.TreeSet<>(target.outputFields()))));
    }
  }

  private static Map<String, List<String>> adjacency(WorkflowDefinition definition) {
    Map<String, List<String>> next = new LinkedHashMap<>();
    for (EdgeDefinition e : definition.edges()) {
      next.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
    }
    return next;
  }

  private static Set<String> descendants(Map<String, List<String>> next, String from) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(next.getOrDefault(from, List.of()));
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (seen.add(id)) {
        todo.addAll(next.getOrDefault(id, List.of()));
      }
    }
    return seen;
  }

  private static List<String> topologicalOrder(WorkflowDefinition definition) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < definition.nodes().size(); i++) {
      index.put(definition.nodes().get(i).id(), i);
    }
    Map<String, Integer> inDegree = new HashMap<>();
    definition.nodes().forEach(n -> inDegree.put(n.id(), 0));
    definition.edges().forEach(e -> inDegree.merge(e.to(), 1, Integer::sum));
    java.util.PriorityQueue<String> ready = new java.util.PriorityQueue<>(java.util.Comparator.comparing(index::get));
    inDegree.forEach((id, d) -> {
      if (d == 0) {
        ready.add(id);
      }
    });
    Map<String, List<String>> next = adjacency(definition);
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(id);
      for (String child : next.getOrDefault(id, List.of())) {
        if (inDegree.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    return order;
  }
}
