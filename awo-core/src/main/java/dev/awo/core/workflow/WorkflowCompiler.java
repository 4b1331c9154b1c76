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
 * reports every problem it finds, each naming its node: missing fields per node type, duplicate
 * ids, edges naming nodes that don't exist, cycles (naming the nodes on them), nodes unreachable
 * from the start (the first node), bindings to nodes that are not upstream or to fields and
 * variables that cannot exist, prompt templates that cannot be found, unknown tools and their
 * inputs, tools whose port is not configured (with {@link #withPorts}), fields that do not belong
 * to a node's type, condition expressions that do not parse, and {@code when} values a boolean
 * condition can never take.
 *
 * <pre>{@code
 * CompiledWorkflow plan = WorkflowCompiler.withTemplates(templates).compile(definition);
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class WorkflowCompiler {
  private static final List<String> CLASSIFICATION_KINDS = List.of("feature", "bug", "chore");

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
      checkFields(node, problems);
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

  private void checkFields(NodeDefinition node, List<WorkflowProblem> problems) {
    switch (node.type()) {
      case AGENT_CALL -> {
        if (node.template() == null || node.template().isBlank()) {
          problems.add(new WorkflowProblem(node.id(), "an agent_call needs a 'template'"));
        } else {
          checkTemplate(node, problems);
        }
        misplaced(node, problems, node.tool() != null, "tool");
        misplaced(node, problems, node.expression() != null, "expression");
        misplaced(node, problems, !node.inputs().isEmpty(), "inputs");
      }
      case TOOL_CALL -> {
        if (node.tool() == null || node.tool().isBlank()) {
          problems.add(new WorkflowProblem(node.id(), "a tool_call needs a 'tool'; known tools: "
              + String.join(", ", BuiltInTool.names())));
        } else {
          checkTool(node, problems);
        }
        misplacedAgentFields(node, problems);
        misplaced(node, problems, node.expression() != null, "expression");
      }
      case CONDITION -> {
        if (node.expression() == null || node.expression().isBlank()) {
          problems.add(new WorkflowProblem(node.id(), "a condition needs an 'expression'"));
        } else {
          try {
            ConditionExpression.parse(node.expression());
          } catch (dev.awo.domain.InvalidInputException e) {
            problems.add(new WorkflowProblem(node.id(), "expression: " + e.getMessage().replace("Invalid expression: ", "")));
          }
        }
        misplacedAgentFields(node, problems);
        misplaced(node, problems, node.tool() != null, "tool");
        misplaced(node, problems, !node.inputs().isEmpty(), "inputs");
      }
      case HUMAN_GATE -> {
        misplacedAgentFields(node, problems);
        misplaced(node, problems, node.tool() != null, "tool");
        misplaced(node, problems, node.expression() != null, "expression");
        for (String input : node.inputs().keySet()) {
          if (!input.equals("message")) {
            problems.add(new WorkflowProblem(node.id(), "a human_gate takes only the input 'message', not '" + input + "'"));
          }
        }
      }
    }
  }

  private static void misplacedAgentFields(NodeDefinition node, List<WorkflowProblem> problems) {
    misplaced(node, problems, node.template() != null, "template");
    misplaced(node, problems, !node.arguments().isEmpty(), "arguments");
    misplaced(node, problems, node.agentName() != null, "agent_name");
    misplaced(node, problems, node.expects() != OutputKind.TEXT, "expects");
  }

  private static void misplaced(NodeDefinition node, List<WorkflowProblem> problems, boolean present, String field) {
    if (present) {
      problems.add(new WorkflowProblem(node.id(), "'" + field + "' is not a field of a " + node.type().wireName() + " node"));
    }
  }

  private void checkTool(NodeDefinition node, List<WorkflowProblem> problems) {
    java.util.Optional<BuiltInTool> found = BuiltInTool.find(node.tool());
    if (found.isEmpty()) {
      problems.add(new WorkflowProblem(node.id(), "unknown tool '" + node.tool() + "'; known tools: "
          + String.join(", ", BuiltInTool.names())));
      return;
    }
    BuiltInTool tool = found.get();
    for (String required : new java.util.TreeSet<>(tool.requiredInputs())) {
      String value = node.inputs().get(required);
      if (value == null || value.isBlank()) {
        problems.add(new WorkflowProblem(node.id(), "tool '" + tool.wireName() + "' needs the input '" + required + "'"));
      }
    }
    for (String input : node.inputs().keySet()) {
      if (!tool.inputs().contains(input)) {
        problems.add(new WorkflowProblem(node.id(), "tool '" + tool.wireName() + "' has no input '" + input
            + "'; it takes " + String.join(", ", tool.inputs())));
      }
    }
    if (ports != null && !ports.contains(tool.port())) {
      problems.add(new WorkflowProblem(node.id(), "tool '" + tool.wireName() + "' needs " + tool.port().description()
          + ", and none is configured" + (tool.port().howToConfigure() == null ? ""
              : "; add one with " + tool.port().howToConfigure())));
    }
  }

  private void checkTemplate(NodeDefinition node, List<WorkflowProblem> problems) {
    List<String> names = templateNames(node.template());
    for (String name : names) {
      try {
        CommandTemplates.requireName(name);
      } catch (dev.awo.domain.InvalidInputException e) {
        problems.add(new WorkflowProblem(node.id(), "template " + e.getMessage().replace("Invalid templateName: ", "")));
        continue;
      }
      if (templates != null && !templates.contains(name)) {
        problems.add(new WorkflowProblem(node.id(), "no prompt template named '" + name + "'"));
      }
    }
  }

  /**
   * The template names a template field can resolve to: itself, or, for a binding to a
   * classification's kind, one name per kind. Other bindings cannot be checked before running.
   */
  static List<String> templateNames(String template) {
    List<Bindings.Reference> refs = Bindings.references(template);
    if (refs.isEmpty()) {
      return List.of(template);
    }
    if (refs.size() == 1 && refs.get(0).field().equals("kind")) {
      String scope = refs.get(0).scope();
      return CLASSIFICATION_KINDS.stream()
          .map(kind -> Bindings.resolve(template, Map.of(scope, Map.of("kind", kind))))
          .toList();
    }
    return List.of();
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
      if (from != null && from.type() == NodeType.CONDITION && edge.when() == null) {
        problems.add(new WorkflowProblem(edge.from(), "edges out of a condition need 'when' (the value that takes them)"));
      }
      if (from != null && from.type() == NodeType.CONDITION && edge.when() != null && isBooleanCondition(from)
          && !edge.when().equals("true") && !edge.when().equals("false")) {
        problems.add(new WorkflowProblem(edge.from(), "the edge to '" + edge.to() + "' has when '" + edge.when()
            + "', but the expression is true or false; use when \"true\" or \"false\""));
      }
      if (from != null && from.type() != NodeType.CONDITION && edge.when() != null) {
        problems.add(new WorkflowProblem(edge.from(), "only a condition's edges can have 'when'"));
      }
    }
    return valid;
  }

  private static boolean isBooleanCondition(NodeDefinition node) {
    try {
      return ConditionExpression.parse(node.expression()).isBoolean();
    } catch (RuntimeException e) {
      return false; // reported by checkFields
    }
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
      Set<String> upstream = descendants(previous, node.id());
      List<String> texts = new ArrayList<>(node.arguments());
      texts.add(node.template());
      texts.addAll(node.inputs().values());
      List<Bindings.Reference> refs = new ArrayList<>();
      texts.forEach(text -> refs.addAll(Bindings.references(text)));
      if (node.type() == NodeType.CONDITION && node.expression() != null) {
        try {
          refs.addAll(ConditionExpression.parse(node.expression()).references());
        } catch (RuntimeException e) {
          // reported by checkFields
        }
      } else {
        refs.addAll(Bindings.references(node.expression()));
      }
      for (Bindings.Reference ref : refs) {
        checkReference(node, ref, upstream, byId, problems);
      }
    }
  }

  private static void checkReference(
      NodeDefinition node, Bindings.Reference ref, Set<String> upstream, Map<String, NodeDefinition> byId,
      List<WorkflowProblem> problems) {
    if (ref.scope().equals(Bindings.CONTEXT)) {
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
    } else if (!NodeOutputs.offers(target, ref.field())) {
      problems.add(new WorkflowProblem(node.id(), "binding " + ref + ": node '" + ref.scope() + "' has no field '"
          + ref.field() + "'; it offers " + String.join(", ", new java.util.TreeSet<>(NodeOutputs.fields(target)))));
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
