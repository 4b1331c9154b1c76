package dev.awo.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Workflow definitions as JSON")
class WorkflowJsonTest {
  @TempDir Path dir;

  private static final String REVIEW = """
      {
        "name": "review",
        "description": "Plan, two parallel reviews, a test gate, approval, PR",
        "nodes": [
          { "id": "plan", "type": "agent_call", "template": "planner_feature", "agent_name": "planner",
            "arguments": ["$context.work_order_id", "$context.task"], "timeout": "PT30M",
            "retry": { "max_attempts": 3, "initial_delay": 2, "multiplier": 2.0, "max_delay": "PT1M",
                       "jitter": 0.2, "non_retryable": ["output_rejected", "java.io.UncheckedIOException"] } },
          { "id": "review_a", "type": "agent_call", "template": "reviewer", "arguments": ["$plan.output"] },
          { "id": "review_b", "type": "agent_call", "template": "reviewer", "arguments": ["$plan.output"],
            "on_failure": "continue", "timeout": 90 },
          { "id": "passed", "type": "condition", "expression": "$review_a.output contains \\"LGTM\\"" },
          { "id": "approve", "type": "human_gate", "inputs": { "message": "Ship $context.task?" } },
          { "id": "commit", "type": "tool_call", "tool": "commit_all", "inputs": { "message": "awo: $context.task" } },
          { "id": "pr", "type": "tool_call", "tool": "open_pr", "inputs": { "title": "awo", "body": "$plan.output" } }
        ],
        "edges": [
          { "from": "plan", "to": "review_a" }, { "from": "plan", "to": "review_b" },
          { "from": "review_a", "to": "passed" }, { "from": "review_b", "to": "passed" },
          { "from": "passed", "to": "approve", "when": "true" },
          { "from": "approve", "to": "commit" }, { "from": "commit", "to": "pr" }
        ]
      }
      """;

  @Test
  @DisplayName("a full definition reads into the model: types, bindings, retry, timeouts in both notations")
  void reads() {
    WorkflowDefinition d = WorkflowJson.parse(REVIEW);
    assertEquals("review", d.name());
    assertEquals(7, d.nodes().size());
    NodeDefinition plan = d.nodes().get(0);
    assertEquals(new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1), 0.2, null,
        Set.of(FailureCategory.OUTPUT_REJECTED), Set.of("java.io.UncheckedIOException")), ((AgentCall) plan).retry());
    assertEquals(Duration.ofMinutes(30), ((AgentCall) plan).timeout());
    assertEquals(Duration.ofSeconds(90), ((AgentCall) d.nodes().get(2)).timeout());
    assertEquals(FailureMode.CONTINUE, d.nodes().get(2).onFailure());
    assertEquals(NodeType.HUMAN_GATE, d.nodes().get(4).type());
    assertEquals("true", d.edges().get(4).when());
    WorkflowCompiler.withTemplates(new AnyTemplates()).compile(d);
  }

  @Test
  @DisplayName("write then parse gives back an equal definition, for a JSON one and for the built-in default")
  void roundTrip() {
    WorkflowDefinition d = WorkflowJson.parse(REVIEW);
    assertEquals(d, WorkflowJson.parse(WorkflowJson.write(d)));
    WorkflowDefinition builtIn = DefaultWorkflow.definition();
    assertEquals(builtIn, WorkflowJson.parse(WorkflowJson.write(builtIn)));
  }

  @Test
  @DisplayName("read(path) reads a file, and a missing file is a problem naming it")
  void readsFiles() throws Exception {
    Path file = Files.writeString(dir.resolve("review.json"), REVIEW);
    assertEquals(WorkflowJson.parse(REVIEW), WorkflowJson.read(file));
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
        () -> WorkflowJson.read(dir.resolve("missing.json")));
    assertTrue(e.problems().get(0).message().contains("cannot read"), e.getMessage());
  }

  @Test
  @DisplayName("every problem of a definition is reported at once, with its node")
  void allProblemsAtOnce() {
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> WorkflowJson.parse("""
        {"name": "x", "nodes": [
          {"id": "a", "type": "agent_call", "template": 5, "colour": "red"},
          {"id": "b", "type": "robot"},
          {"id": "c", "type": "tool_call", "tool": "open_pr", "timeout": "soon", "retry": {"max_attempts": "3"}}
        ], "edges": [{"from": "a"}]}"""));
    assertEquals(List.of(
        "node 'a': unknown field 'colour'; known: agent_name, arguments, expects, expression, id, inputs, on_failure, "
            + "retry, template, timeout, tool, type",
        "node 'a': 'template' must be a string, not the number 5",
        "node 'b': 'type' unknown node type 'robot'; expected agent_call, tool_call, human_gate or condition",
        "node 'c': 'retry.max_attempts' must be a whole number, not the string \"3\"",
        "node 'c': 'timeout' is 'soon', which is not a duration; write an ISO-8601 duration such as \"PT30S\" or a "
            + "number of seconds",
        "node 'a': edges[0]: 'to' is required"),
        e.problems().stream().map(WorkflowProblem::toString).toList());
  }

  /** Parse problems, or when the JSON reads, the compiler's. */
  private static String problemsOf(String json) {
    try {
      WorkflowDefinition d = WorkflowJson.parse(json);
      return WorkflowCompiler.withTemplates(new AnyTemplates()).validate(d).stream().map(WorkflowProblem::toString)
          .collect(Collectors.joining("\n"));
    } catch (InvalidWorkflowException e) {
      return e.problems().stream().map(WorkflowProblem::toString).collect(Collectors.joining("\n"));
    }
  }

  private static String wf(String nodes, String edges) {
    return "{\"name\": \"bad\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
  }

  private static final String A = "{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\"}";
  private static final String B = "{\"id\": \"b\", \"type\": \"agent_call\", \"template\": \"t\"}";

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty text", "", "the definition is empty"),
        Arguments.of("broken JSON", "{\"name\": \"x\",\n \"nodes\": [\n}", "is not valid JSON at line 3, column 1: Unexpected close marker '}'"),
        Arguments.of("trailing garbage", "{\"name\": \"x\", \"nodes\": [" + A + "]} extra", "is not valid JSON at line 1"),
        Arguments.of("duplicate key", "{\"name\": \"x\", \"name\": \"y\", \"nodes\": []}", "Duplicate field 'name'"),
        Arguments.of("not an object", "[1, 2]", "the definition must be a JSON object, not a list"),
        Arguments.of("no name", "{\"nodes\": [" + A + "]}", "'name' is required"),
        Arguments.of("bad name", "{\"name\": \"Bad Name\", \"nodes\": [" + A + "]}", "'name' 'Bad Name' is not a workflow name"),
        Arguments.of("no nodes", "{\"name\": \"x\"}", "'nodes' is required"),
        Arguments.of("nodes not a list", "{\"name\": \"x\", \"nodes\": {}}", "'nodes' must be a list, not an object"),
        Arguments.of("empty nodes", "{\"name\": \"x\", \"nodes\": []}", "'nodes' is empty"),
        Arguments.of("unknown top-level field", "{\"name\": \"x\", \"nodes\": [" + A + "], \"version\": 2}",
            "unknown field 'version'"),
        Arguments.of("node not an object", wf("\"a\"", ""), "nodes[0] must be an object with 'id' and 'type'"),
        Arguments.of("node without id", wf("{\"type\": \"agent_call\", \"template\": \"t\"}", ""), "nodes[0]: 'id' is required"),
        Arguments.of("bad node id", wf("{\"id\": \"A-1\", \"type\": \"human_gate\"}", ""), "nodes[0]: 'id' 'A-1' is not a node id"),
        Arguments.of("unknown node type", wf("{\"id\": \"a\", \"type\": \"shell\"}", ""), "node 'a': 'type' unknown node type 'shell'"),
        Arguments.of("wrong type for arguments", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", "
            + "\"arguments\": \"x\"}", ""), "node 'a': 'arguments' must be a list of strings, not the string \"x\""),
        Arguments.of("field of another node type", wf("{\"id\": \"a\", \"type\": \"human_gate\", \"tool\": \"open_pr\"}", ""),
            "node 'a': 'tool' is not a field of a human_gate node"),
        Arguments.of("negative timeout", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", \"timeout\": -5}", ""),
            "node 'a': 'timeout' must be more than zero, got -5"),
        Arguments.of("unknown retry field", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", "
            + "\"retry\": {\"attempts\": 3}}", ""), "node 'a': unknown field 'retry.attempts'"),
        Arguments.of("jitter out of range", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", "
            + "\"retry\": {\"max_attempts\": 2, \"jitter\": 1.5}}", ""), "node 'a': 'retry.jitter' must be between 0 and 1, got 1.5"),
        Arguments.of("zero attempts", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", "
            + "\"retry\": {\"max_attempts\": 0}}", ""), "node 'a': 'retry.max_attempts' must be 1 or more, got 0"),
        Arguments.of("bad on_failure", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", "
            + "\"on_failure\": \"ignore\"}", ""), "node 'a': 'on_failure' is 'ignore'; expected fail or continue"),
        Arguments.of("bad expects", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", \"expects\": \"json\"}", ""),
            "node 'a': 'expects' unknown output kind 'json'"),
        Arguments.of("edge without to", wf(A + "," + B, "{\"from\": \"a\"}"), "node 'a': edges[0]: 'to' is required"),
        Arguments.of("edge with unknown field", wf(A + "," + B, "{\"from\": \"a\", \"to\": \"b\", \"if\": \"x\"}"),
            "node 'a': edges[0]: unknown field 'if'"),
        Arguments.of("dangling edge", wf(A + "," + B, "{\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"b\", \"to\": \"c\"}"),
            "node 'b': has an edge to 'c', which is not a node"),
        Arguments.of("cycle", wf(A + "," + B, "{\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"b\", \"to\": \"a\"}"),
            "node 'a': is on a cycle: a -> b -> a"),
        Arguments.of("self loop", wf(A, "{\"from\": \"a\", \"to\": \"a\"}"), "node 'a': is on a cycle: a -> a"),
        Arguments.of("duplicate node id", wf(A + "," + A, ""), "node 'a': duplicate node id"),
        Arguments.of("unknown tool", wf("{\"id\": \"a\", \"type\": \"tool_call\", \"tool\": \"deploy\"}", ""),
            "node 'a': unknown tool 'deploy'; known tools: commit_all, push_branch, open_pr, comment_issue"),
        Arguments.of("bad condition", wf(A + ",{\"id\": \"c\", \"type\": \"condition\", \"expression\": \"$a.output ==\"}",
            "{\"from\": \"a\", \"to\": \"c\"}"), "node 'c': expression: expected a value"),
        Arguments.of("binding to a later node", wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", "
            + "\"arguments\": [\"$b.output\"]}," + B, "{\"from\": \"a\", \"to\": \"b\"}"),
            "node 'a': binding $b.output names node 'b', which is not upstream"),
        Arguments.of("condition edge without when", wf(A + ",{\"id\": \"c\", \"type\": \"condition\", \"expression\": "
            + "\"$a.output == 'x'\"}," + B, "{\"from\": \"a\", \"to\": \"c\"}, {\"from\": \"c\", \"to\": \"b\"}"),
            "node 'c': edges out of a condition need 'when'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"malformed", "outOfBounds"})
  @DisplayName("malformed definitions are refused with a specific message")
  void malformedRefused(String what, String json, String expected) {
    String problems = problemsOf(json);
    assertTrue(problems.contains(expected), what + ": expected '" + expected + "' in:\n" + problems);
  }

  @Test
  @DisplayName("write leaves out defaults and uses the documented field names")
  void writesCompactly() {
    String json = WorkflowJson.write(WorkflowDefinition.builder("w").node(NodeDefinition.humanGate("g")
        .message("ok?").build()).build());
    assertTrue(json.contains("\"type\" : \"human_gate\""), json);
    assertTrue(!json.contains("retry") && !json.contains("on_failure") && !json.contains("expects"), json);
  }

  private static String retryNode(String retry) {
    return wf("{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\", \"retry\": " + retry + "}", "");
  }

  /** Values out of bounds, fields of another type, bad values: refused naming the JSON field. */
  static Stream<Arguments> outOfBounds() {
    return Stream.of(
        Arguments.of("2^31-1 attempts", retryNode("{\"max_attempts\": 2147483647}"),
            "node 'a': 'retry.max_attempts' must be at most 100, got 2147483647"),
        Arguments.of("101 attempts", retryNode("{\"max_attempts\": 101}"), "'retry.max_attempts' must be at most 100, got 101"),
        Arguments.of("initial delay of two hours", retryNode("{\"max_attempts\": 3, \"initial_delay\": 7200}"),
            "node 'a': 'retry.initial_delay' must be at most an hour (PT1H), got PT2H"),
        Arguments.of("max delay of a day", retryNode("{\"max_attempts\": 3, \"max_delay\": \"P1D\"}"),
            "node 'a': 'retry.max_delay' must be at most an hour (PT1H), got PT24H"),
        Arguments.of("max delay below the initial delay", retryNode("{\"initial_delay\": 10, \"max_delay\": 5}"),
            "node 'a': 'retry.max_delay' must not be shorter than the initial interval (PT10S), got PT5S"),
        Arguments.of("non-retryable message text", retryNode("{\"non_retryable\": [\"invalid api key\"]}"),
            "node 'a': 'retry.non_retryable' 'invalid api key' is neither a failure category (agent_failed, "
                + "output_rejected, tool_failed, could_not_run, interrupted) nor an exception type"),
        Arguments.of("infinite multiplier", retryNode("{\"multiplier\": 1e999}"), "'retry.multiplier' must be 1.0 or more"),
        Arguments.of("retry on a condition", wf(A + ",{\"id\": \"c\", \"type\": \"condition\", \"expression\": "
            + "\"$a.output == 'x'\", \"retry\": {\"max_attempts\": 3}}", "{\"from\": \"a\", \"to\": \"c\"}"),
            "node 'c': 'retry' is not a field of a condition node"),
        Arguments.of("timeout on a gate", wf("{\"id\": \"g\", \"type\": \"human_gate\", \"timeout\": 5}", ""),
            "node 'g': 'timeout' is not a field of a human_gate node"),
        Arguments.of("gate input other than message", wf("{\"id\": \"g\", \"type\": \"human_gate\", \"inputs\": "
            + "{\"who\": \"me\"}}", ""), "node 'g': a human_gate takes only the input 'message', not 'who'"),
        Arguments.of("misspelt tool input", wf("{\"id\": \"p\", \"type\": \"tool_call\", \"tool\": \"open_pr\", "
            + "\"inputs\": {\"titel\": \"x\"}}", ""),
            "node 'p': 'inputs.titel' is not an input of tool 'open_pr'; it takes base, body, draft, head, title"),
        Arguments.of("literal draft that is no boolean", wf("{\"id\": \"p\", \"type\": \"tool_call\", \"tool\": "
            + "\"open_pr\", \"inputs\": {\"title\": \"x\", \"draft\": \"maybe\"}}", ""),
            "node 'p': 'inputs.draft' is 'maybe'; expected true or false"),
        Arguments.of("template name that is no command name", wf("{\"id\": \"a\", \"type\": \"agent_call\", "
            + "\"template\": \"../etc/passwd\"}", ""), "node 'a': 'template' '../etc/passwd' is not a command name"),
        Arguments.of("expression nested 100000 deep", wf(A + ",{\"id\": \"c\", \"type\": \"condition\", \"expression\": \""
            + "(".repeat(100_000) + "true" + ")".repeat(100_000) + "\"}", "{\"from\": \"a\", \"to\": \"c\"}"),
            "node 'c': expression: nests deeper than 64 levels of '(' or 'not' (at character 65)"),
        Arguments.of("edge naming no possible node", wf(A, "{\"from\": \"a\", \"to\": \"" + "X".repeat(5000) + "\"}"),
            "node 'a': edges[0]: 'to' 'XXXX"),
        Arguments.of("JSON nested 5000 deep", "{\"name\": \"x\", \"description\": " + "[".repeat(5000)
            + "]".repeat(5000) + "}", "is not valid JSON: Document nesting depth (1001) exceeds the maximum allowed (1000"),
        Arguments.of("reserved node id", wf("{\"id\": \"prompt\", \"type\": \"agent_call\", \"template\": \"t\"}", ""),
            "node 'prompt': 'prompt' is reserved"));
  }

  @Test
  @DisplayName("a definition over 1 MiB is refused, as text, as a stream (reading no further) and as a file")
  void sizeCap() throws Exception {
    String big = "{\"name\": \"x\", \"description\": \"" + "d".repeat(WorkflowJson.MAX_BYTES) + "\", \"nodes\": []}";
    assertTrue(onlyProblem(() -> WorkflowJson.parse(big)).contains("larger than 1048576 bytes (1 MiB)"));
    String wide = "{\"name\": \"x\", \"description\": \"" + "\u00e9".repeat(WorkflowJson.MAX_BYTES / 2) + "\"}";
    assertTrue(onlyProblem(() -> WorkflowJson.parse(wide)).contains("larger than"), "counted in UTF-8 bytes");
    java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    java.io.InputStream endless = new java.io.InputStream() {
      @Override public int read() {
        served.incrementAndGet();
        return ' ';
      }
    };
    assertTrue(onlyProblem(() -> WorkflowJson.read(endless)).contains("holds more than 1048576 bytes"));
    assertEquals(WorkflowJson.MAX_BYTES + 1, served.get());
    Path file = Files.writeString(dir.resolve("big.json"), big);
    assertTrue(onlyProblem(() -> WorkflowJson.read(file)).contains("a workflow definition may be at most 1048576 bytes"));
  }

  @Test
  @DisplayName("a 3 GB workflow file gets a one-line error before any of it is read, not an OutOfMemoryError")
  void hugeFile() throws Exception {
    Path file = dir.resolve("huge.json");
    try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(3L * 1024 * 1024 * 1024);
    }
    String problem = onlyProblem(() -> WorkflowJson.read(file));
    assertEquals(file + " is 3221225472 bytes; a workflow definition may be at most 1048576 bytes (1 MiB)", problem);
    assertEquals(1, problem.lines().count());
  }

  @Test
  @DisplayName("a definition exactly at the cap still reads")
  void atTheCap() {
    String head = "{\"name\": \"x\", \"nodes\": [" + A + "], \"description\": \"";
    String tail = "\"}";
    String json = head + "d".repeat(WorkflowJson.MAX_BYTES - head.length() - tail.length()) + tail;
    assertEquals(WorkflowJson.MAX_BYTES, json.length());
    assertEquals("x", WorkflowJson.parse(json).name());
  }

  @Test
  @DisplayName("tool calls, conditions, gates and retries with a time budget write and read back equal")
  void roundTripEveryType() {
    WorkflowDefinition d = WorkflowDefinition.builder("all")
        .node(NodeDefinition.agentCall("a", "generic").retry(RetryPolicy.builder().maximumAttempts(4)
            .initialInterval(Duration.ofSeconds(1)).timeBudget(Duration.ofMinutes(2))
            .doNotRetry(FailureCategory.OUTPUT_REJECTED).doNotRetry(java.io.IOException.class).build()).build())
        .node(NodeDefinition.condition("c", "$a.output contains \"ok\""))
        .node(NodeDefinition.humanGate("g").message("ship $a.output?").onFailure(FailureMode.CONTINUE).build())
        .node(NodeDefinition.toolCall("t", "open_pr").input("title", "x").input("draft", "true")
            .retry(RetryPolicy.builder().maximumAttempts(2).build()).timeout(Duration.ofMinutes(1)).build())
        .edge("a", "c").edge("c", "g", "true").edge("g", "t").build();
    String json = WorkflowJson.write(d);
    assertEquals(d, WorkflowJson.parse(json), json);
    assertTrue(json.contains("\"non_retryable\" : [ \"output_rejected\", \"java.io.IOException\" ]"), json);
  }

  private static String onlyProblem(org.junit.jupiter.api.function.Executable read) {
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, read);
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0).message();
  }
}
