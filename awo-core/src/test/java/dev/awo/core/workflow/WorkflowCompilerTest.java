package dev.awo.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.domain.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The workflow compiler")
class WorkflowCompilerTest {
  private static final WorkflowCompiler COMPILER = WorkflowCompiler.withTemplates(new AnyTemplates());

  private static NodeDefinition agent(String id, String... args) {
    return NodeDefinition.agentCall(id, "generic").arguments(args).build();
  }

  private static List<String> problems(WorkflowDefinition d) {
    return COMPILER.validate(d).stream().map(WorkflowProblem::toString).toList();
  }

  @Test
  @DisplayName("a cycle is reported naming every node on it")
  void cycle() {
    WorkflowDefinition d = WorkflowDefinition.builder("c").node(agent("a")).node(agent("b")).node(agent("c"))
        .edge("a", "b").edge("b", "c").edge("c", "b").build();
    assertEquals(List.of("node 'b': is on a cycle: b -> c -> b"), problems(d));
  }

  @Test
  @DisplayName("nodes that cannot be reached from the start node are reported")
  void unreachable() {
    WorkflowDefinition d = WorkflowDefinition.builder("u").node(agent("a")).node(agent("b")).node(agent("island"))
        .edge("a", "b").build();
    assertEquals(List.of("node 'island': is unreachable from the start node 'a'"), problems(d));
  }

  @Test
  @DisplayName("edges naming nodes that do not exist are reported, and the rest is still checked")
  void invalidReferences() {
    WorkflowDefinition d = WorkflowDefinition.builder("r").node(agent("a")).node(agent("b", "$ghost.output"))
        .edge("a", "b").edge("a", "nowhere").edge("nobody", "b").build();
    assertEquals(List.of(
        "node 'a': has an edge to 'nowhere', which is not a node",
        "node 'b': has an edge from 'nobody', which is not a node",
        "node 'b': binding $ghost.output names node 'ghost', which does not exist"), problems(d));
  }

  @Test
  @DisplayName("each node type needs its own fields and cannot hold the fields of other types; unknown tools are named")
  void nodeTypes() {
    assertEquals("Invalid template: is required",
        assertThrows(InvalidInputException.class, () -> NodeDefinition.agentCall("a", null).build()).getMessage());
    assertEquals("Invalid tool: unknown tool 'deploy'; known tools: commit_all, push_branch, open_pr, comment_issue",
        assertThrows(InvalidInputException.class, () -> NodeDefinition.toolCall("t", "deploy")).getMessage());
    assertEquals("Invalid tool: is required",
        assertThrows(InvalidInputException.class, () -> NodeDefinition.toolCall("t", null)).getMessage());
    assertEquals("Invalid expression: is empty",
        assertThrows(InvalidInputException.class, () -> NodeDefinition.condition("c", " ")).getMessage());
    assertEquals("Invalid inputs.title: is required by tool 'open_pr'",
        assertThrows(InvalidInputException.class, () -> NodeDefinition.toolCall("p", "open_pr").build()).getMessage());
    InvalidInputException typo = assertThrows(InvalidInputException.class,
        () -> NodeDefinition.toolCall("p", "open_pr").input("titel", "x").build());
    assertEquals("inputs.titel", typo.field());
    assertEquals("is not an input of tool 'open_pr'; it takes base, body, draft, head, title", typo.problem());
    // a field of another type cannot even be written down: each record has its type's fields only
    assertEquals(List.of("id", "tool", "inputs", "retry", "timeout", "onFailure"), components(ToolCall.class));
    assertEquals(List.of("id", "expression"), components(Condition.class));
    assertEquals(List.of("id", "message", "onFailure"), components(HumanGate.class));
  }

  @Test
  @DisplayName("NodeType lists exactly the JSON fields of each node record, so reader, writer and records agree")
  void nodeTypeFieldsMatchTheRecords() {
    Map<NodeType, Class<?>> records = Map.of(NodeType.AGENT_CALL, AgentCall.class, NodeType.TOOL_CALL, ToolCall.class,
        NodeType.CONDITION, Condition.class, NodeType.HUMAN_GATE, HumanGate.class);
    records.forEach((type, record) -> {
      java.util.Set<String> wire = new java.util.TreeSet<>();
      for (String component : components(record)) {
        String snake = component.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
        wire.add(snake.equals("message") ? "inputs" : snake);
      }
      wire.remove("id");
      assertEquals(wire, new java.util.TreeSet<>(type.fields()), type.wireName());
    });
  }

  @Test
  @DisplayName("a node may not take a reserved name: prompt, context or a context variable")
  void reservedIds() {
    WorkflowDefinition d = WorkflowDefinition.builder("r").node(agent("prompt")).node(agent("context"))
        .node(agent("task")).edge("prompt", "context").edge("context", "task").build();
    assertEquals(List.of(
        "node 'prompt': 'prompt' is reserved: follow-up prompts are recorded as step 'prompt'; choose another id",
        "node 'context': 'context' is reserved: it is the scope of $context.var bindings; choose another id",
        "node 'task': 'task' is reserved: it is a context variable ($context.task); choose another id"), problems(d));
    assertTrue(ContextVariables.RESERVED_NODE_IDS.containsAll(ContextVariables.ALL));
  }

  private static List<String> components(Class<?> record) {
    return java.util.Arrays.stream(record.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
  }

  @Test
  @DisplayName("bindings must name an upstream node, a field it offers, or a known context variable")
  void bindings() {
    WorkflowDefinition d = WorkflowDefinition.builder("b")
        .node(NodeDefinition.agentCall("a", "generic").expects(OutputKind.CLASSIFICATION).build())
        .node(agent("b", "$c.output"))
        .node(agent("c", "$a.branch", "$context.colour", "$a.kind"))
        .node(NodeDefinition.humanGate("g").build())
        .node(agent("d", "$g.decision", "$g.session_id"))
        .edge("a", "b").edge("b", "c").edge("c", "g").edge("g", "d").build();
    assertEquals(List.of(
        "node 'b': binding $c.output names node 'c', which is not upstream of this node (add an edge path from it)",
        "node 'c': binding $a.branch: node 'a' has no field 'branch'; it offers command, kind, output, session_id",
        "node 'c': binding $context.colour names no context variable; known: base_branch, branch, issue_body, "
            + "issue_number, issue_title, issue_url, repository_url, sandbox_type, task, user_request, work_order_id, workflow",
        "node 'd': binding $g.session_id: node 'g' has no field 'session_id'; it offers decision, output, reason"),
        problems(d));
  }

  @Test
  @DisplayName("condition expressions are parsed when the node is made, and their edges' when values checked by the compiler")
  void conditions() {
    InvalidInputException bad = assertThrows(InvalidInputException.class,
        () -> NodeDefinition.condition("bad", "$a.output = \"x\""));
    assertEquals("expression", bad.field());
    assertEquals("unexpected character '=' at character 11 (write '==') in '$a.output = \"x\"'", bad.problem());
    WorkflowDefinition d = WorkflowDefinition.builder("cond").node(agent("a"))
        .node(NodeDefinition.condition("bool", "$a.output == \"x\""))
        .node(agent("z"))
        .edge("a", "bool").edge("bool", "z", "maybe").build();
    assertEquals(List.of(
        "node 'bool': the edge to 'z' has when 'maybe', but the expression is true or false; use when \"true\" or \"false\""),
        problems(d));
  }

  @Test
  @DisplayName("a valid workflow compiles into an immutable plan in topological order")
  void fullCompilation() {
    WorkflowDefinition d = WorkflowDefinition.builder("ok")
        .node(NodeDefinition.agentCall("classify", "classifier").expects(OutputKind.CLASSIFICATION).build())
        .node(agent("d", "$b.output", "$c.output")).node(agent("b")).node(agent("c", "$classify.kind"))
        .edge("classify", "b").edge("classify", "c").edge("b", "d").edge("c", "d").build();
    CompiledWorkflow plan = COMPILER.compile(d);
    assertEquals(List.of("classify", "b", "c", "d"), plan.topologicalOrder().stream().map(NodeDefinition::id).toList());
    assertEquals(2, plan.incoming("d").size());
    assertEquals(2, plan.outgoing("classify").size());
    assertEquals(4, plan.position("d"));
    assertThrows(UnsupportedOperationException.class, () -> plan.topologicalOrder().add(agent("x")));
  }

  @Test
  @DisplayName("validate returns every problem at once, and compile throws them all in one exception")
  void everyProblemAtOnce() {
    WorkflowDefinition d = WorkflowDefinition.builder("many")
        .node(agent("a", "$zz.output")).node(agent("a"))
        .node(NodeDefinition.toolCall("t", "commit_all").input("message", "$a.nothing").build())
        .node(agent("island")).node(agent("x")).node(agent("y"))
        .edge("a", "t").edge("a", "x").edge("x", "y").edge("y", "x").edge("t", "gone").build();
    List<String> all = problems(d);
    assertEquals(6, all.size(), String.join("\n", all));
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> COMPILER.compile(d));
    assertEquals(all, e.problems().stream().map(WorkflowProblem::toString).toList());
    assertTrue(e.getMessage().startsWith("Invalid workflow: 'many' has 6 problems:"), e.getMessage());
    for (String p : all) {
      assertTrue(e.getMessage().contains(p), p);
    }
  }
}
