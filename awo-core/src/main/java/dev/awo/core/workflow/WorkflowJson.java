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
import dev.awo.domain.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *   "nodes": [                                     // required, at least one; the first is the start
 *     { "id": "plan", "type": "agent_call",        // id: lowercase letter, then [a-z0-9_], at most 64
 *       "template": "planner_feature",             // agent_call: prompt template name (may bind $x.kind)
 *       "arguments": ["$context.work_order_id", "$context.task"],   // optional: $1, $2, ... of the template
 *       "agent_name": "planner",                   // optional
 *       "expects": "text",                         // optional: text | classification | file_path | branch | pull_request
 *       "timeout": "PT30M",                        // optional: ISO-8601 duration or seconds (a number)
 *       "retry": { "max_attempts": 3, "initial_delay": "PT2S", "multiplier": 2.0,
 *                  "max_delay": 60, "jitter": 0.2, "non_retryable": ["invalid api key"] },  // all optional
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
 * <p>This class is thread-safe.
 */
public final class WorkflowJson {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();
  private static final Set<String> WORKFLOW_FIELDS = Set.of("name", "description", "nodes", "edges");
  private static final Set<String> NODE_FIELDS = Set.of("id", "type", "template", "arguments", "agent_name",
      "expects", "tool", "inputs", "expression", "retry", "timeout", "on_failure");
  private static final Set<String> RETRY_FIELDS =
      Set.of("max_attempts", "initial_delay", "multiplier", "max_delay", "jitter", "non_retryable");
  private static final Set<String> EDGE_FIELDS = Set.of("from", "to", "when");
  private static final String UNNAMED = "(unnamed)";

  private WorkflowJson() {}

  /**
   * Reads a definition from JSON text.
   *
   * @throws InvalidWorkflowException listing every problem found
   */
  public static WorkflowDefinition parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidWorkflowException(UNNAMED, List.of(new WorkflowProblem(null, "the definition is empty")));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidWorkflowException(UNNAMED, List.of(new WorkflowProblem(null,
          "is not valid JSON" + where + ": "
          + String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^;\\]]*; ", "["))));
    }
    return new Reader().workflow(root);
  }

  /**
   * Reads a definition from a JSON file (UTF-8).
   *
   * @throws InvalidWorkflowException listing every problem found, or saying the file cannot be read
   */
  public static WorkflowDefinition read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw new InvalidWorkflowException(String.valueOf(file.getFileName()), List.of(new WorkflowProblem(null,
          "cannot read " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage())));
    }
    return parse(text);
  }

  /** The definition as JSON in the format above, without default values. */
  public static String write(WorkflowDefinition definition) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", definition.name());
    if (definition.description() != null && !definition.description().isEmpty()) {
      root.put("description", definition.description());
    }
    ArrayNode nodes = root.putArray("nodes");
    for (NodeDefinition n : definition.nodes()) {
      ObjectNode o = nodes.addObject();
      o.put("id", n.id());
      o.put("type", n.type().wireName());
      if (n.template() != null) {
        o.put("template", n.template());
      }
      if (!n.arguments().isEmpty()) {
        ArrayNode args = o.putArray("arguments");
        n.arguments().forEach(args::add);
      }
      if (n.agentName() != null) {
        o.put("agent_name", n.agentName());
      }
      if (n.expects() != OutputKind.TEXT) {
        o.put("expects", n.expects().wireName());
      }
      if (n.tool() != null) {
        o.put("tool", n.tool());
      }
      if (!n.inputs().isEmpty()) {
        ObjectNode inputs = o.putObject("inputs");
        n.inputs().forEach(inputs::put);
      }
      if (n.expression() != null) {
        o.put("expression", n.expression());
      }
      if (!n.retry().equals(RetrySpec.NONE)) {
        ObjectNode r = o.putObject("retry");
        r.put("max_attempts", n.retry().maxAttempts());
        r.put("initial_delay", n.retry().initialDelay().toString());
        r.put("multiplier", n.retry().multiplier());
        r.put("max_delay", n.retry().maxDelay().toString());
        r.put("jitter", n.retry().jitter());
        if (!n.retry().nonRetryable().isEmpty()) {
          ArrayNode never = r.putArray("non_retryable");
          n.retry().nonRetryable().stream().sorted().forEach(never::add);
        }
      }
      if (n.timeout() != null) {
        o.put("timeout", n.timeout().toString());
      }
      if (n.onFailure() != FailureMode.FAIL) {
        o.put("on_failure", n.onFailure().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
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

  /** One pass over a parsed tree, collecting every problem. Not thread-safe; one per parse. */
  private static final class Reader {
    private final List<WorkflowProblem> problems = new ArrayList<>();

    WorkflowDefinition workflow(JsonNode root) {
      if (!root.isObject()) {
        problems.add(new WorkflowProblem(null, "the definition must be a JSON object, not " + kind(root)));
        throw new InvalidWorkflowException(UNNAMED, problems);
      }
      unknownFields(root, WORKFLOW_FIELDS, null, "the workflow");
      String name = text(root, "name", null, "the workflow", true);
      if (name != null) {
        try {
          dev.awo.domain.WorkOrder.requireWorkflowName(name);
        } catch (InvalidInputException e) {
          problems.add(new WorkflowProblem(null, "'name' " + stripPrefix(e)));
          name = null;
        }
      }
      String description = text(root, "description", null, "the workflow", false);
      List<NodeDefinition> nodes = new ArrayList<>();
      JsonNode nodeArray = root.get("nodes");
      if (nodeArray == null || nodeArray.isNull()) {
        problems.add(new WorkflowProblem(null, "'nodes' is required: a list of nodes, the first being the start"));
      } else if (!nodeArray.isArray()) {
        problems.add(new WorkflowProblem(null, "'nodes' must be a list, not " + kind(nodeArray)));
      } else if (nodeArray.isEmpty()) {
        problems.add(new WorkflowProblem(null, "'nodes' is empty; a workflow needs at least one node"));
      } else {
        for (int i = 0; i < nodeArray.size(); i++) {
          NodeDefinition node = node(nodeArray.get(i), "nodes[" + i + "]");
          if (node != null) {
            nodes.add(node);
          }
        }
      }
      List<EdgeDefinition> edges = new ArrayList<>();
      JsonNode edgeArray = root.get("edges");
      if (edgeArray != null && !edgeArray.isNull()) {
        if (!edgeArray.isArray()) {
          problems.add(new WorkflowProblem(null, "'edges' must be a list, not " + kind(edgeArray)));
        } else {
          for (int i = 0; i < edgeArray.size(); i++) {
            EdgeDefinition edge = edge(edgeArray.get(i), "edges[" + i + "]");
            if (edge != null) {
              edges.add(edge);
            }
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidWorkflowException(name == null ? UNNAMED : name, problems);
      }
      return new WorkflowDefinition(name, description == null ? "" : description, nodes, edges);
    }

    private NodeDefinition node(JsonNode json, String place) {
      if (!json.isObject()) {
        problems.add(new WorkflowProblem(null, place + " must be an object with 'id' and 'type', not " + kind(json)));
        return null;
      }
      int before = problems.size();
      String id = text(json, "id", null, place, true);
      String owner = id;
      if (id != null) {
        try {
          new NodeDefinition(id, NodeType.HUMAN_GATE, null, null, null, null, null, null, null, null, null, null);
        } catch (InvalidInputException e) {
          problems.add(new WorkflowProblem(null, place + ": 'id' " + stripPrefix(e)));
          owner = null;
          id = null;
        }
      }
      String label = owner == null ? place : null;
      unknownFields(json, NODE_FIELDS, owner, label);
      NodeType type = null;
      String typeName = text(json, "type", owner, label, true);
      if (typeName != null) {
        try {
          type = NodeType.fromWireName(typeName);
        } catch (InvalidInputException e) {
          problem(owner, label, "'type' " + stripPrefix(e));
        }
      }
      String template = text(json, "template", owner, label, false);
      List<String> arguments = textList(json, "arguments", owner, label);
      String agentName = text(json, "agent_name", owner, label, false);
      OutputKind expects = null;
      String expectsName = text(json, "expects", owner, label, false);
      if (expectsName != null) {
        try {
          expects = OutputKind.fromWireName(expectsName);
        } catch (InvalidInputException e) {
          problem(owner, label, "'expects' " + stripPrefix(e));
        }
      }
      String tool = text(json, "tool", owner, label, false);
      Map<String, String> inputs = textMap(json, "inputs", owner, label);
      String expression = text(json, "expression", owner, label, false);
      RetrySpec retry = retry(json.get("retry"), owner, label);
      Duration timeout = duration(json.get("timeout"), "timeout", owner, label, true);
      FailureMode onFailure = null;
      String mode = text(json, "on_failure", owner, label, false);
      if (mode != null) {
        if (mode.equals("fail") || mode.equals("continue")) {
          onFailure = FailureMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
        } else {
          problem(owner, label, "'on_failure' is '" + mode + "'; expected fail or continue");
        }
      }
      if (type != null) {
        requireForType(type, json, owner, label);
      }
      if (problems.size() > before || id == null || type == null) {
        return null;
      }
      try {
        return new NodeDefinition(id, type, agentName, template, arguments, expects, tool, inputs, expression, retry,
            timeout, onFailure);
      } catch (InvalidInputException e) {
        problem(owner, label, e.getMessage());
        return null;
      }
    }

    private void requireForType(NodeType type, JsonNode json, String owner, String label) {
      Map<NodeType, String> required = Map.of(NodeType.AGENT_CALL, "template", NodeType.TOOL_CALL, "tool",
          NodeType.CONDITION, "expression");
      String field = required.get(type);
      if (field != null && !json.has(field)) {
        problem(owner, label, "a" + (type == NodeType.AGENT_CALL ? "n " : " ") + type.wireName() + " node needs '" + field + "'"
            + (type == NodeType.TOOL_CALL ? "; known tools: " + String.join(", ", BuiltInTool.names()) : ""));
      }
      Set<String> allowed = switch (type) {
        case AGENT_CALL -> Set.of("template", "arguments", "agent_name", "expects");
        case TOOL_CALL -> Set.of("tool", "inputs");
        case CONDITION -> Set.of("expression");
        case HUMAN_GATE -> Set.of("inputs");
      };
      for (String typed : List.of("template", "arguments", "agent_name", "expects", "tool", "inputs", "expression")) {
        if (json.has(typed) && !allowed.contains(typed)) {
          problem(owner, label, "'" + typed + "' is not a field of a " + type.wireName() + " node");
        }
      }
    }

    private RetrySpec retry(JsonNode json, String owner, String label) {
      if (json == null || json.isNull()) {
        return null;
      }
      if (!json.isObject()) {
        problem(owner, label, "'retry' must be an object (max_attempts, initial_delay, multiplier, max_delay, "
            + "jitter, non_retryable), not " + kind(json));
        return null;
      }
      int before = problems.size();
      unknownFieldsIn(json, RETRY_FIELDS, owner, label, "retry.");
      Integer maxAttempts = whole(json.get("max_attempts"), "retry.max_attempts", owner, label);
      Duration initial = duration(json.get("initial_delay"), "retry.initial_delay", owner, label, false);
      Double multiplier = number(json.get("multiplier"), "retry.multiplier", owner, label);
      Duration max = duration(json.get("max_delay"), "retry.max_delay", owner, label, false);
      Double jitter = number(json.get("jitter"), "retry.jitter", owner, label);
      List<String> never = textList(json, "non_retryable", owner, label);
      if (problems.size() > before) {
        return null;
      }
      try {
        return new RetrySpec(maxAttempts == null ? 1 : maxAttempts, initial == null ? Duration.ZERO : initial,
            multiplier == null ? 2.0 : multiplier, max == null ? Duration.ofDays(1) : max,
            jitter == null ? 0.0 : jitter, new LinkedHashSet<>(never));
      } catch (InvalidInputException e) {
        problem(owner, label, "'" + e.field().replace("retry.", "retry.").replace("maxAttempts", "max_attempts")
            .replace("initialDelay", "initial_delay").replace("maxDelay", "max_delay") + "' " + stripPrefix(e));
        return null;
      }
    }

    private EdgeDefinition edge(JsonNode json, String place) {
      if (!json.isObject()) {
        problems.add(new WorkflowProblem(null, place + " must be an object with 'from' and 'to', not " + kind(json)));
        return null;
      }
      int before = problems.size();
      JsonNode fromNode = json.get("from");
      String owner = fromNode != null && fromNode.isTextual() ? fromNode.asText() : null;
      unknownFieldsIn(json, EDGE_FIELDS, owner, place, "");
      String from = text(json, "from", owner, place, true);
      String to = text(json, "to", owner, place, true);
      String when = text(json, "when", owner, place, false);
      if (problems.size() > before) {
        return null;
      }
      if (from.isBlank() || to.isBlank()) {
        problem(owner, place, "'from' and 'to' must name nodes");
        return null;
      }
      return new EdgeDefinition(from, to, when);
    }

    // ---- typed field readers: each reports its own problem and returns null ----

    private String text(JsonNode json, String field, String owner, String label, boolean required) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        if (required) {
          problem(owner, label, "'" + field + "' is required");
        }
        return null;
      }
      if (!value.isTextual()) {
        problem(owner, label, "'" + field + "' must be a string, not " + kind(value));
        return null;
      }
      return value.asText();
    }

    private List<String> textList(JsonNode json, String field, String owner, String label) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        problem(owner, label, "'" + field + "' must be a list of strings, not " + kind(value));
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        if (!item.isTextual()) {
          problem(owner, label, "'" + field + "[" + i + "]' must be a string, not " + kind(item));
        } else {
          out.add(item.asText());
        }
      }
      return out;
    }

    private Map<String, String> textMap(JsonNode json, String field, String owner, String label) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return Map.of();
      }
      if (!value.isObject()) {
        problem(owner, label, "'" + field + "' must be an object of strings, not " + kind(value));
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      value.fields().forEachRemaining(entry -> {
        if (!entry.getValue().isTextual()) {
          problem(owner, label, "'" + field + "." + entry.getKey() + "' must be a string, not " + kind(entry.getValue()));
        } else {
          out.put(entry.getKey(), entry.getValue().asText());
        }
      });
      return out;
    }

    private Integer whole(JsonNode value, String field, String owner, String label) {
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        problem(owner, label, "'" + field + "' must be a whole number, not " + kind(value));
        return null;
      }
      return value.intValue();
    }

    private Double number(JsonNode value, String field, String owner, String label) {
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        problem(owner, label, "'" + field + "' must be a number, not " + kind(value));
        return null;
      }
      return value.doubleValue();
    }

    /** An ISO-8601 duration ("PT30S") or a number of seconds. */
    private Duration duration(JsonNode value, String field, String owner, String label, boolean positive) {
      if (value == null || value.isNull()) {
        return null;
      }
      Duration d;
      if (value.isNumber()) {
        BigDecimal seconds = value.decimalValue();
        if (seconds.compareTo(BigDecimal.valueOf(366L * 24 * 3600)) > 0) {
          problem(owner, label, "'" + field + "' is " + seconds + " seconds; at most a year is accepted");
          return null;
        }
        d = Duration.ofNanos(seconds.movePointRight(9).longValue());
      } else if (value.isTextual()) {
        try {
          d = Duration.parse(value.asText());
        } catch (DateTimeParseException e) {
          problem(owner, label, "'" + field + "' is '" + value.asText()
              + "', which is not a duration; write an ISO-8601 duration such as \"PT30S\" or a number of seconds");
          return null;
        }
      } else {
        problem(owner, label, "'" + field + "' must be a duration (\"PT30S\") or a number of seconds, not " + kind(value));
        return null;
      }
      if (d.isNegative() || (positive && d.isZero())) {
        problem(owner, label, "'" + field + "' must be " + (positive ? "more than zero" : "zero or more") + ", got " + value);
        return null;
      }
      return d;
    }

    private void unknownFields(JsonNode json, Set<String> known, String owner, String label) {
      unknownFieldsIn(json, known, owner, label, "");
    }

    private void unknownFieldsIn(JsonNode json, Set<String> known, String owner, String label, String prefix) {
      for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!known.contains(field)) {
          problem(owner, label, "unknown field '" + prefix + field + "'; known: " + String.join(", ",
              new java.util.TreeSet<>(known)));
        }
      }
    }

    private void problem(String owner, String label, String message) {
      problems.add(new WorkflowProblem(owner, label == null ? message : label + ": " + message));
    }

    private static String kind(JsonNode value) {
      if (value.isTextual()) {
        return "the string \"" + dev.awo.spi.Arguments.excerpt(value.asText()) + "\"";
      }
      if (value.isNumber()) {
        return "the number " + value.asText();
      }
      if (value.isBoolean()) {
        return value.asText();
      }
      if (value.isArray()) {
        return "a list";
      }
      if (value.isObject()) {
        return "an object";
      }
      return value.isNull() ? "null" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String stripPrefix(InvalidInputException e) {
      String m = e.getMessage();
      int colon = m.indexOf(": ");
      return m.startsWith("Invalid ") && colon > 0 ? m.substring(colon + 2) : m;
    }
  }
}
