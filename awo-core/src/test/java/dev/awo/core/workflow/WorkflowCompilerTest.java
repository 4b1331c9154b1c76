package dev.awo.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
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
  @DisplayName("each node type needs its own fields and refuses the fields of other types; unknown tools are named")
  void nodeTypes() {
    WorkflowDefinition d = WorkflowDefinition.builder("t")
        .node(NodeDefinition.builder("a", NodeType.AGENT_CALL).build())
        .node(NodeDefinition.builder("t", NodeType.TOOL_CALL).tool("deploy").template("x").build())
        .node(NodeDefinition.builder("c", NodeType.CONDITION).build())
        .node(NodeDefinition.builder("g", NodeType.HUMAN_GATE).inputs(Map.of("who", "me")).build())
        .node(NodeDefinition.builder("p", NodeType.TOOL_CALL).tool("open_pr").inputs(Map.of("titel", "x")).build())
        .edge("a", "t").edge("t", "c").edge("c", "g", "true").edge("g", "p").build();
    assertEquals(List.of(
        "node 'a': an agent_call needs a 'template'",
        "node 't': unknown tool 'deploy'; known tools: commit_all, push_branch, open_pr, comment_issue",
        "node 't': 'template' is not a field of a tool_call node",
        "node 'c': a condition needs an 'expression'",
        "node 'g': a human_gate takes only the input 'message', not 'who'",
        "node 'p': tool 'open_pr' needs the input 'title'",
        "node 'p': tool 'open_pr' has no input 'titel'; it takes base, body, draft, head, title"), problems(d));
  }

  @Test
  @DisplayName("bindings must name an upstream node, a field it offers, or a known context variable")
  void bindings() {
    WorkflowDefinition d = WorkflowDefinition.builder("b")
        .node(NodeDefinition.agentCall("a", "generic").expects(OutputKind.CLASSIFICATION).build())
        .node(agent("b", "$c.output"))
        .node(agent("c", "$a.branch", "$context.colour", "$a.kind"))
        .node(NodeDefinition.builder("g", NodeType.HUMAN_GATE).build())
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
  @DisplayName("condition expressions are parsed at compile time and their edges' when values checked")
  void conditions() {
    WorkflowDefinition d = WorkflowDefinition.builder("cond").node(agent("a"))
        .node(NodeDefinition.builder("bad", NodeType.CONDITION).expression("$a.output = \"x\"").build())
        .node(NodeDefinition.builder("bool", NodeType.CONDITION).expression("$a.output == \"x\"").build())
        .node(agent("z"))
        .edge("a", "bad").edge("bad", "bool", "yes").edge("bool", "z", "maybe").build();
    assertEquals(List.of(
        "node 'bad': expression: unexpected character '=' at character 11 (write '==') in '$a.output = \"x\"'",
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
        .node(agent("a", "$zz.output")).node(agent("a")).node(NodeDefinition.builder("t", NodeType.TOOL_CALL).build())
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
