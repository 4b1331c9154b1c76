package dev.awo.core.workflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads and writes workflow definitions as JSON. Reading is strict: unknown fields, values of the
 * wrong type, missing required fields, fields that do not belong to a node's type and bad values
 * are all reported at once through {@link InvalidWorkflowException#problems()}, each naming its node
 * (or its place, e.g. {@code edges[2]}); JSON that does not parse is reported with its line and
 * column. Reading checks the shape of each node and edge; structure across nodes (cycles, dangling
 * edges, reachability, bindings, templates, tools) is checked by {@link WorkflowCompiler}, so a
 * host reads, then compiles:
 *
 * <pre>{@code
 * try {
 *   WorkflowDefinition definition = WorkflowJson.read(Path.of("review.json"));
 *   WorkflowCompiler.withTemplates(templates).compile(definition);      // optional: build() does it too
 *   orchestrator = WorkflowOrchestrator.builder()...workflow(definition).build();
 * } catch (InvalidWorkflowException e) {
 *   e.problems().forEach(System.err::println);
 * }
 * }</pre>
 *
 * <h2>The format</h2>
 * <pre>{@code
 * {
 *   "name": "review",                              // required: lowercase letters, digits, '_', '.', '-'
 *   "description": "Plan, implement, two reviews, approval, PR",   // optional
 *   "budget": { "max_cost_usd": 5.0, "max_turns": 200 },  // optional: per work order, either field optional
 *   "stuck_detection": { "repeated_tool_calls": 5,       // optional: 0 switches a check off; a missing
 *                        "silence": "PT10M" },           //   field keeps the default (5, 10 minutes)
 *   "nodes": [                                     // required, at least one; the first is the start
 *     { "id": "plan", "type": "agent_call",        // id: lowercase letter, then [a-z0-9_], at most 64
 *       "template": "planner_feature",             // agent_call: prompt template name (may bind $x.kind)
 *       "arguments": ["$context.work_order_id", "$context.task"],   // optional: $1, $2, ... of the template
 *       "agent_name": "planner",                   // optional
 *       "expects": "text",                         // optional: text | classification | file_path | branch | pull_request
 *       "timeout": "PT30M",                        // optional: ISO-8601 duration or seconds (a number)
 *       "retry": { "max_attempts": 3, "initial_delay": "PT2S", "multiplier": 2.0,
 *                  "max_delay": 60, "jitter": 0.2, "non_retryable": ["output_rejected"] },  // all optional
 *       "budget": { "max_cost_usd": 1.5, "max_turns": 30 },  // optional: all attempts of this node
 *       "on_failure": "fail" },                    // optional: fail (default) | continue
 *     { "id": "implement", "type": "agent_call", "template": "implementor", "arguments": ["$plan.output"] },
 *     { "id": "tests", "type": "agent_call", "template": "tester", "on_failure": "continue" },
 *     { "id": "passed", "type": "condition",       // condition: an expression, see ConditionExpression
 *       "expression": "$tests.output contains \"PASS\"" },
 *     { "id": "approve", "type": "human_gate", "inputs": { "message": "Open the PR for $context.task?" } },
 *     { "id": "commit", "type": "tool_call", "tool": "commit_all", "inputs": { "message": "awo: $context.task" } },
 *     { "id": "pr", "type": "tool_call", "tool": "open_pr",       // tool_call: a BuiltInTool and its inputs
 *       "inputs": { "title": "awo: $context.user_request", "body": "$plan.output" } }
 *   ],
 *   "edges": [                                     // optional: from, to, and from a condition: when
 *     { "from": "plan", "to": "implement" }, { "from": "implement", "to": "tests" },
 *     { "from": "tests", "to": "passed" },
 *     { "from": "passed", "to": "approve", "when": "true" },
 *     { "from": "approve", "to": "commit" }, { "from": "commit", "to": "pr" }
 *   ]
 * }
 * }</pre>
 * (Comments are for this page only; JSON has none.) Every string value except ids, types and enum
 * values may hold bindings: {@code $node_id.field} (a field of an upstream node) and {@code
 * $context.var} (see {@link ContextVariables}). {@link #write} produces this format, leaving out
 * values that are the defaults; {@code parse(write(d))} equals {@code d}.
 *
 * <p>Which fields a node type has is listed once, in {@link NodeType#fields()}: {@code retry} and
 * {@code timeout} belong to agent and tool calls, {@code on_failure} to those and human gates, a
 * condition has only its {@code expression}. The {@code retry} fields are those of {@link
 * RetryPolicy} under their JSON names: {@code max_attempts} (maximumAttempts, at most 100), {@code
 * initial_delay} (initialInterval, at most an hour), {@code multiplier} (backoffCoefficient),
 * {@code max_delay} (maximumInterval, at most an hour and not less than initial_delay), {@code
 * jitter}, {@code time_budget} (timeBudget) and {@code non_retryable}: failure categories ({@code
 * agent_failed}, {@code output_rejected}, {@code tool_failed}, {@code could_not_run}) or fully
 * qualified exception class names — never message text. A {@code budget} ({@link Budget}) holds
 * {@code max_cost_usd} (a number of US dollars) and {@code max_turns}; a budget stop ({@code
 * budget_exceeded}) is never retried. {@code stuck_detection} is {@link StuckDetection}: {@code
 * silence} is a duration as above, 0 for off. A definition is at most {@value
 * #MAX_BYTES} bytes (1 MiB); a larger file is refused before it is read.
 *
 * <p>This class is thread-safe.
 */
public final class WorkflowJson {
  /** The largest definition accepted, in bytes of UTF-8: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();
  private static final String UNNAMED = "(unnamed)";

  private WorkflowJson() {}

  /**
   * Reads a definition from JSON text.
   *
   * @throws InvalidWorkflowException listing every problem found
   */
  public static WorkflowDefinition parse(String json) {
    if (json == null || json.isBlank()) {
      throw refused(UNNAMED, "the definition is empty");
    }
    if (json.length() > MAX_BYTES || utf8Length(json) > MAX_BYTES) {
      throw refused(UNNAMED, "the definition is larger than " + MAX_BYTES + " bytes (1 MiB), the most accepted");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw refused(UNNAMED, "is not valid JSON" + where + ": "
          + String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^;\\]]*; ", "["));
    }
    return new WorkflowReader().workflow(root);
  }

  /**
   * Reads a definition from a JSON file (UTF-8). A file larger than {@value #MAX_BYTES} bytes is
   * refused before anything of it is read.
   *
   * @throws InvalidWorkflowException listing every problem found, or saying the file cannot be read
   */
  public static WorkflowDefinition read(Path file) {
    String name = String.valueOf(file.getFileName());
    try {
      if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
        throw refused(name, file + " is " + Files.size(file) + " bytes; a workflow definition may be at most "
            + MAX_BYTES + " bytes (1 MiB)");
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(readBounded(in, file.toString()));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidWorkflowException invalid) {
        throw invalid;
      }
      throw refused(name, "cannot read " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  /**
   * Reads a definition from a stream of UTF-8 JSON, reading at most {@value #MAX_BYTES} bytes and
   * one more (to see that there are too many). The stream is not closed.
   *
   * @throws InvalidWorkflowException listing every problem found, or saying the stream cannot be read
   */
  public static WorkflowDefinition read(InputStream in) {
    try {
      return parse(readBounded(in, "the stream"));
    } catch (IOException e) {
      throw refused(UNNAMED, "cannot read the stream: " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  private static String readBounded(InputStream in, String source) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw refused(UNNAMED, source + " holds more than " + MAX_BYTES + " bytes; a workflow definition may be at "
          + "most 1 MiB");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw refused(UNNAMED, source + " is not valid UTF-8");
    }
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private static InvalidWorkflowException refused(String workflow, String problem) {
    return new InvalidWorkflowException(workflow, List.of(new WorkflowProblem(null, problem)));
  }

  /** The definition as JSON in the format above, without default values. */
  public static String write(WorkflowDefinition definition) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", definition.name());
    if (definition.description() != null && !definition.description().isEmpty()) {
      root.put("description", definition.description());
    }
    writeBudget(definition.budget(), root);
    StuckDetection stuck = definition.stuckDetection();
    if (stuck != null) {
      ObjectNode o = root.putObject("stuck_detection");
      o.put("repeated_tool_calls", stuck.repeatedToolCalls());
      o.put("silence", stuck.silence() == null ? Duration.ZERO.toString() : stuck.silence().toString());
    }
    ArrayNode nodes = root.putArray("nodes");
    definition.nodes().forEach(n -> writeNode(n, nodes.addObject()));
    ArrayNode edges = root.putArray("edges");
    for (EdgeDefinition e : definition.edges()) {
      ObjectNode o = edges.addObject();
      o.put("from", e.from());
      o.put("to", e.to());
      if (e.when() != null) {
        o.put("when", e.when());
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static void writeNode(NodeDefinition node, ObjectNode o) {
    o.put("id", node.id());
    o.put("type", node.type().wireName());
    if (node instanceof AgentCall a) {
      o.put("template", a.template().text());
      if (!a.arguments().isEmpty()) {
        ArrayNode args = o.putArray("arguments");
        a.arguments().forEach(arg -> args.add(arg.text()));
      }
      if (a.agentName() != null) {
        o.put("agent_name", a.agentName());
      }
      if (a.expects() != OutputKind.TEXT) {
        o.put("expects", a.expects().wireName());
      }
      writeCall(a.retry(), a.timeout(), o);
      writeBudget(a.budget(), o);
    } else if (node instanceof ToolCall t) {
      o.put("tool", t.tool().wireName());
      if (!t.inputs().isEmpty()) {
        ObjectNode inputs = o.putObject("inputs");
        t.inputs().forEach((k, v) -> inputs.put(k, v.text()));
      }
      writeCall(t.retry(), t.timeout(), o);
    } else if (node instanceof Condition c) {
      o.put("expression", c.expression().toString());
    } else if (node instanceof HumanGate g && !g.message().text().isEmpty()) {
      o.putObject("inputs").put("message", g.message().text());
    }
    if (node.onFailure() != FailureMode.FAIL) {
      o.put("on_failure", node.onFailure().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static void writeBudget(Budget budget, ObjectNode o) {
    if (budget.isUnlimited()) {
      return;
    }
    ObjectNode b = o.putObject("budget");
    if (budget.maxCostUsd() != null) {
      b.put("max_cost_usd", budget.maxCostUsd());
    }
    if (budget.maxTurns() != null) {
      b.put("max_turns", budget.maxTurns());
    }
  }

  private static void writeCall(RetryPolicy retry, Duration timeout, ObjectNode o) {
    if (!retry.equals(RetryPolicy.NONE)) {
      ObjectNode r = o.putObject("retry");
      r.put("max_attempts", retry.maximumAttempts());
      r.put("initial_delay", retry.initialInterval().toString());
      r.put("multiplier", retry.backoffCoefficient());
      r.put("max_delay", retry.maximumInterval().toString());
      r.put("jitter", retry.jitter());
      if (retry.timeBudget() != null) {
        r.put("time_budget", retry.timeBudget().toString());
      }
      if (!retry.nonRetryableCategories().isEmpty() || !retry.nonRetryableTypes().isEmpty()) {
        ArrayNode never = r.putArray("non_retryable");
        retry.nonRetryableCategories().stream().map(FailureCategory::wireName).sorted().forEach(never::add);
        retry.nonRetryableTypes().stream().sorted().forEach(never::add);
      }
    }
    if (timeout != null) {
      o.put("timeout", timeout.toString());
    }
  }
}
