package dev.awo.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.Arguments;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One pass over a parsed workflow tree for {@link WorkflowJson}, collecting every problem: the
 * JSON shape of each field is checked here, what the values must be by the node records and {@link
 * RetryPolicy}, whose refusals ({@link InvalidInputException#field()} and {@link
 * InvalidInputException#problem()}) are reported under the JSON field's name. Not thread-safe; one
 * per parse.
 */
final class WorkflowReader {
  private static final Set<String> WORKFLOW_FIELDS = Set.of("name", "description", "nodes", "edges", "budget",
      "stuck_detection");
  private static final Set<String> BUDGET_FIELDS = Set.of("max_cost_usd", "max_turns");
  private static final Set<String> STUCK_FIELDS = Set.of("repeated_tool_calls", "silence");
  private static final Set<String> EDGE_FIELDS = Set.of("from", "to", "when");
  /** The JSON name of each {@link RetryPolicy} component (the documented rename). */
  private static final Map<String, String> RETRY_FIELDS = Map.of("maximumAttempts", "max_attempts",
      "initialInterval", "initial_delay", "backoffCoefficient", "multiplier", "maximumInterval", "max_delay",
      "jitter", "jitter", "timeBudget", "time_budget", "nonRetryableCategories", "non_retryable",
      "nonRetryableTypes", "non_retryable");
  /** The JSON name of node record fields whose Java name differs. */
  private static final Map<String, String> NODE_FIELDS = Map.of("agentName", "agent_name", "templateName", "template",
      "onFailure", "on_failure");
  private static final Map<String, String> EDGE_FIELDS_BY_NAME = Map.of("edge.from", "from", "edge.to", "to",
      "edge.when", "when");
  private static final String UNNAMED = "(unnamed)";

  private final List<WorkflowProblem> problems = new ArrayList<>();

  WorkflowDefinition workflow(JsonNode root) {
    if (!root.isObject()) {
      problems.add(new WorkflowProblem(null, "the definition must be a JSON object, not " + kind(root)));
      throw new InvalidWorkflowException(UNNAMED, problems);
    }
    unknownFields(root, WORKFLOW_FIELDS, null, "the workflow", "");
    String name = text(root, "name", null, "the workflow", true);
    if (name != null) {
      name = convert(null, null, "'name' ", null, () -> WorkOrder.requireWorkflowName(root.get("name").asText()));
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
        addIfPresent(nodes, node(nodeArray.get(i), "nodes[" + i + "]"));
      }
    }
    List<EdgeDefinition> edges = new ArrayList<>();
    JsonNode edgeArray = root.get("edges");
    if (edgeArray != null && !edgeArray.isNull()) {
      if (!edgeArray.isArray()) {
        problems.add(new WorkflowProblem(null, "'edges' must be a list, not " + kind(edgeArray)));
      } else {
        for (int i = 0; i < edgeArray.size(); i++) {
          addIfPresent(edges, edge(edgeArray.get(i), "edges[" + i + "]"));
        }
      }
    }
    Budget budget = budget(root.get("budget"), null, "the workflow");
    StuckDetection stuck = stuckDetection(root.get("stuck_detection"));
    if (!problems.isEmpty()) {
      throw new InvalidWorkflowException(name == null ? UNNAMED : name, problems);
    }
    return new WorkflowDefinition(name, description == null ? "" : description, nodes, edges, budget, stuck);
  }

  private static <T> void addIfPresent(List<T> list, T item) {
    if (item != null) {
      list.add(item);
    }
  }

  private NodeDefinition node(JsonNode json, String place) {
    if (!json.isObject()) {
      problems.add(new WorkflowProblem(null, place + " must be an object with 'id' and 'type', not " + kind(json)));
      return null;
    }
    int before = problems.size();
    String id = text(json, "id", null, place, true);
    if (id != null) {
      try {
        NodeDefinition.requireId(id);
      } catch (InvalidInputException e) {
        problems.add(new WorkflowProblem(null, place + ": 'id' " + e.problem()));
        id = null;
      }
    }
    String owner = id;
    String label = id == null ? place : null;
    unknownFields(json, NodeType.allFields(), owner, label, "");
    String typeName = text(json, "type", owner, label, true);
    NodeType type = typeName == null ? null : convert(owner, label, "'type' ", null, () -> NodeType.fromWireName(typeName));
    if (type == null) {
      return null;
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("id") && !field.equals("type") && NodeType.allFields().contains(field)
          && !type.fields().contains(field)) {
        problem(owner, label, "'" + field + "' is not a field of a " + type.wireName() + " node");
      }
    }
    String nodeId = id;
    Supplier<NodeDefinition> make = switch (type) {
      case AGENT_CALL -> agentCall(json, nodeId, owner, label);
      case TOOL_CALL -> toolCall(json, nodeId, owner, label);
      case CONDITION -> condition(json, nodeId, owner, label);
      case HUMAN_GATE -> humanGate(json, nodeId, owner, label);
    };
    if (problems.size() > before) {
      return null;
    }
    try {
      return make.get();
    } catch (InvalidInputException e) {
      problem(owner, label, "'" + NODE_FIELDS.getOrDefault(e.field(), e.field()) + "' " + e.problem());
      return null;
    }
  }

  private Supplier<NodeDefinition> agentCall(JsonNode json, String id, String owner, String label) {
    String template = text(json, "template", owner, label, true);
    List<String> arguments = textList(json, "arguments", owner, label);
    String agentName = text(json, "agent_name", owner, label, false);
    String expectsName = text(json, "expects", owner, label, false);
    OutputKind expects = expectsName == null ? null
        : convert(owner, label, "'expects' ", null, () -> OutputKind.fromWireName(expectsName));
    RetryPolicy retry = retry(json.get("retry"), owner, label);
    Duration timeout = duration(json.get("timeout"), "timeout", owner, label, true);
    FailureMode onFailure = onFailure(json, owner, label);
    Budget budget = budget(json.get("budget"), owner, label);
    return () -> new AgentCall(id, BoundText.of(template), arguments.stream().map(BoundText::of).toList(), agentName,
        expects, retry, timeout, onFailure, budget);
  }

  private Supplier<NodeDefinition> toolCall(JsonNode json, String id, String owner, String label) {
    String toolName = text(json, "tool", owner, label, false);
    BuiltInTool tool = null;
    if (toolName == null && !json.has("tool")) {
      problem(owner, label, "'tool' is required; known tools: " + String.join(", ", BuiltInTool.names()));
    } else if (toolName != null) {
      tool = BuiltInTool.find(toolName).orElse(null);
      if (tool == null) {
        problem(owner, label, BuiltInTool.unknown(toolName));
      }
    }
    Map<String, BoundText> inputs = boundMap(textMap(json, "inputs", owner, label));
    RetryPolicy retry = retry(json.get("retry"), owner, label);
    Duration timeout = duration(json.get("timeout"), "timeout", owner, label, true);
    FailureMode onFailure = onFailure(json, owner, label);
    BuiltInTool found = tool;
    return () -> new ToolCall(id, found, inputs, retry, timeout, onFailure);
  }

  private Supplier<NodeDefinition> condition(JsonNode json, String id, String owner, String label) {
    String text = text(json, "expression", owner, label, true);
    ConditionExpression expression = text == null ? null
        : convert(owner, label, "expression: ", null, () -> ConditionExpression.parse(text));
    return () -> new Condition(id, expression);
  }

  private Supplier<NodeDefinition> humanGate(JsonNode json, String id, String owner, String label) {
    Map<String, String> inputs = textMap(json, "inputs", owner, label);
    for (String input : inputs.keySet()) {
      if (!input.equals("message")) {
        problem(owner, label, "a human_gate takes only the input 'message', not '" + Arguments.excerpt(input) + "'");
      }
    }
    FailureMode onFailure = onFailure(json, owner, label);
    String message = inputs.get("message");
    return () -> new HumanGate(id, message == null ? null : BoundText.of(message), onFailure);
  }

  private FailureMode onFailure(JsonNode json, String owner, String label) {
    String mode = text(json, "on_failure", owner, label, false);
    if (mode == null) {
      return null;
    }
    if (mode.equals("fail") || mode.equals("continue")) {
      return FailureMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }
    problem(owner, label, "'on_failure' is '" + Arguments.excerpt(mode) + "'; expected fail or continue");
    return null;
  }

  private RetryPolicy retry(JsonNode json, String owner, String label) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (!json.isObject()) {
      problem(owner, label, "'retry' must be an object (max_attempts, initial_delay, multiplier, max_delay, "
          + "jitter, time_budget, non_retryable), not " + kind(json));
      return null;
    }
    int before = problems.size();
    unknownFields(json, new TreeSet<>(RETRY_FIELDS.values()), owner, label, "retry.");
    Integer maxAttempts = whole(json.get("max_attempts"), "retry.max_attempts", owner, label);
    Duration initial = duration(json.get("initial_delay"), "retry.initial_delay", owner, label, false);
    Double multiplier = number(json.get("multiplier"), "retry.multiplier", owner, label);
    Duration max = duration(json.get("max_delay"), "retry.max_delay", owner, label, false);
    Double jitter = number(json.get("jitter"), "retry.jitter", owner, label);
    Duration budget = duration(json.get("time_budget"), "retry.time_budget", owner, label, true);
    List<String> never = textList(json, "non_retryable", owner, label);
    if (problems.size() > before) {
      return null;
    }
    try {
      RetryPolicy.Builder b = RetryPolicy.builder();
      if (maxAttempts != null) b.maximumAttempts(maxAttempts);
      if (initial != null) b.initialInterval(initial);
      if (multiplier != null) b.backoffCoefficient(multiplier);
      if (max != null) b.maximumInterval(max);
      if (jitter != null) b.jitter(jitter);
      b.timeBudget(budget);
      List<String> types = new ArrayList<>();
      for (String entry : never) {
        if (FailureCategory.find(entry).isPresent()) {
          b.doNotRetry(FailureCategory.find(entry).get());
        } else {
          types.add(entry);
        }
      }
      return b.doNotRetryTypes(types).build();
    } catch (InvalidInputException e) {
      problem(owner, label, "'retry." + RETRY_FIELDS.getOrDefault(e.field(), e.field()) + "' " + e.problem());
      return null;
    }
  }

  /** {@code {"max_cost_usd": 2.5, "max_turns": 40}}, either field optional; null when absent or wrong. */
  private Budget budget(JsonNode json, String owner, String label) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (!json.isObject()) {
      problem(owner, label, "'budget' must be an object (max_cost_usd, max_turns), not " + kind(json));
      return null;
    }
    int before = problems.size();
    unknownFields(json, BUDGET_FIELDS, owner, label, "budget.");
    JsonNode cost = json.get("max_cost_usd");
    BigDecimal maxCost = null;
    if (cost != null && !cost.isNull()) {
      if (cost.isNumber()) {
        maxCost = cost.decimalValue();
      } else {
        problem(owner, label, "'budget.max_cost_usd' must be a number of US dollars such as 2.5, not " + kind(cost));
      }
    }
    Integer maxTurns = whole(json.get("max_turns"), "budget.max_turns", owner, label);
    if (problems.size() > before) {
      return null;
    }
    try {
      return new Budget(maxCost, maxTurns);
    } catch (InvalidInputException e) {
      problem(owner, label, "'budget." + (e.field().equals("maxTurns") ? "max_turns" : "max_cost_usd") + "' "
          + e.problem());
      return null;
    }
  }

  /**
   * {@code {"repeated_tool_calls": 5, "silence": "PT10M"}}; a missing field keeps the default's value,
   * 0 switches a check off. Null when absent or wrong.
   */
  private StuckDetection stuckDetection(JsonNode json) {
    if (json == null || json.isNull()) {
      return null;
    }
    String label = "the workflow";
    if (!json.isObject()) {
      problem(null, label, "'stuck_detection' must be an object (repeated_tool_calls, silence), not " + kind(json));
      return null;
    }
    int before = problems.size();
    unknownFields(json, STUCK_FIELDS, null, label, "stuck_detection.");
    Integer repeats = whole(json.get("repeated_tool_calls"), "stuck_detection.repeated_tool_calls", null, label);
    Duration silence = duration(json.get("silence"), "stuck_detection.silence", null, label, false);
    if (problems.size() > before) {
      return null;
    }
    int calls = repeats == null ? StuckDetection.DEFAULT.repeatedToolCalls() : repeats;
    Duration quiet = json.has("silence") ? (silence == null || silence.isZero() ? null : silence)
        : StuckDetection.DEFAULT.silence();
    try {
      return new StuckDetection(calls, quiet);
    } catch (InvalidInputException e) {
      problem(null, label, "'stuck_detection." + (e.field().equals("silence") ? "silence" : "repeated_tool_calls")
          + "' " + e.problem());
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
    String owner = fromNode != null && fromNode.isTextual() ? Arguments.excerpt(fromNode.asText()) : null;
    unknownFields(json, EDGE_FIELDS, owner, place, "");
    String from = text(json, "from", owner, place, true);
    String to = text(json, "to", owner, place, true);
    String when = text(json, "when", owner, place, false);
    if (problems.size() > before) {
      return null;
    }
    try {
      return new EdgeDefinition(from, to, when);
    } catch (InvalidInputException e) {
      problem(owner, place, "'" + EDGE_FIELDS_BY_NAME.getOrDefault(e.field(), e.field()) + "' " + e.problem());
      return null;
    }
  }

  /** The value {@code make} gives, or {@code fallback} after reporting its refusal as {@code prefix + problem}. */
  private <T> T convert(String owner, String label, String prefix, T fallback, Supplier<T> make) {
    try {
      return make.get();
    } catch (InvalidInputException e) {
      problem(owner, label, prefix + e.problem());
      return fallback;
    }
  }

  // ---- typed field readers: each reports its own problem and returns null (or empty) ----

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

  private static Map<String, BoundText> boundMap(Map<String, String> texts) {
    Map<String, BoundText> out = new LinkedHashMap<>();
    texts.forEach((k, v) -> out.put(k, BoundText.of(v)));
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

  /** An ISO-8601 duration ("PT30S") or a number of seconds, at most a year. */
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
        problem(owner, label, "'" + field + "' is '" + Arguments.excerpt(value.asText())
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

  private void unknownFields(JsonNode json, Set<String> known, String owner, String label, String prefix) {
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        problem(owner, label, "unknown field '" + prefix + Arguments.excerpt(field) + "'; known: "
            + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private void problem(String owner, String label, String message) {
    problems.add(new WorkflowProblem(owner, label == null ? message : label + ": " + message));
  }

  private static String kind(JsonNode value) {
    if (value.isTextual()) {
      return "the string \"" + Arguments.excerpt(value.asText()) + "\"";
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
    return value.isNull() ? "null" : value.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
