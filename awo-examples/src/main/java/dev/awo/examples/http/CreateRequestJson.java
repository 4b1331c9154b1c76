package dev.awo.examples.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.workflow.Budget;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.examples.json.WorkOrderJson;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON bodies of {@code POST /agent-work-orders} and {@code POST .../prompt} strictly,
 * refusing with a 400 that names the field (in the snake_case the client sent): malformed JSON,
 * anything after the object (a second object included), a key given twice, a string holding U+0000
 * or half of a surrogate pair, an unknown field, a missing or mistyped one. A create body may carry
 * the work order's {@code budget}: {@code {"max_cost_usd": 2.5, "max_turns": 40}}, either optional.
 */
final class CreateRequestJson {
  /** The request header that makes a create idempotent (RFC draft "The Idempotency-Key HTTP Header Field"). */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Set<String> CREATE_FIELDS =
      Set.of("repository_url", "user_request", "issue_number", "sandbox_type", "workflow", "budget");
  private static final Set<String> BUDGET_FIELDS = Set.of("max_cost_usd", "max_turns");
  private static final ObjectReader STRICT = WorkOrderJson.MAPPER.reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private CreateRequestJson() {}

  /**
   * The request a create body asks for. A {@code sandbox_type} or {@code workflow} it omits comes
   * from the configured repository with that URL, if there is one (else {@code git_branch} and the
   * orchestrator's default workflow).
   */
  static WorkOrderRequest workOrderRequest(byte[] body, RepositoryCheck repositories,
      ConfiguredRepositoryRepository configured, String idempotencyKey) {
    JsonNode json = object(body, CREATE_FIELDS);
    String repositoryUrl = requiredText(json, "repository_url");
    String userRequest = requiredText(json, "user_request");
    Integer issue = null;
    JsonNode issueNode = json.get("issue_number");
    if (issueNode != null && !issueNode.isNull()) {
      if (!issueNode.canConvertToInt() || !issueNode.isIntegralNumber()) {
        throw HttpProblem.badRequest("issue_number", "issue_number must be a whole number, e.g. 42");
      }
      issue = issueNode.intValue();
    }
    Optional<ConfiguredRepository> defaults = configured.findByUrl(repositoryUrl);
    SandboxType sandbox = defaults.map(ConfiguredRepository::defaultSandboxType).orElse(SandboxType.GIT_BRANCH);
    String sandboxName = optionalText(json, "sandbox_type");
    if (sandboxName != null) {
      try {
        sandbox = SandboxType.fromWireName(sandboxName.toLowerCase(Locale.ROOT));
      } catch (InvalidInputException e) {
        throw HttpProblem.badRequest("sandbox_type", e.getMessage());
      }
    }
    WorkOrderRequest.Builder builder = WorkOrderRequest.builder(repositoryUrl, userRequest)
        .issueNumber(issue).sandboxType(sandbox).budget(budget(json.get("budget")));
    String workflow = optionalText(json, "workflow");
    if (workflow == null) {
      workflow = defaults.map(ConfiguredRepository::defaultWorkflow).orElse(null);
    }
    if (workflow != null) {
      builder.workflow(workflow);
    }
    if (idempotencyKey != null) {
      try {
        builder.idempotencyKey(idempotencyKey);
      } catch (InvalidInputException e) {
        throw HttpProblem.badRequest(IDEMPOTENCY_KEY, "The Idempotency-Key header " + e.problem());
      }
    }
    WorkOrderRequest request;
    try {
      request = builder.build();
    } catch (InvalidInputException e) {
      throw HttpProblem.badRequest(snakeCase(e.field()), e.getMessage());
    }
    repositories.problem(request.repositoryUrl()).ifPresent(problem -> {
      throw HttpProblem.badRequest("repository_url", problem);
    });
    return request;
  }

  private static Budget budget(JsonNode node) {
    if (node == null || node.isNull()) {
      return Budget.NONE;
    }
    if (!node.isObject()) {
      throw HttpProblem.badRequest("budget", "budget must be an object such as {\"max_cost_usd\": 2.5, \"max_turns\": 40}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!BUDGET_FIELDS.contains(name)) {
        throw HttpProblem.badRequest("budget." + WorkOrderRoutes.excerpt(name), "Unknown field 'budget."
            + WorkOrderRoutes.excerpt(name) + "'; expected max_cost_usd, max_turns");
      }
    }
    JsonNode cost = node.get("max_cost_usd");
    if (cost != null && !cost.isNull() && !cost.isNumber()) {
      throw HttpProblem.badRequest("budget.max_cost_usd", "budget.max_cost_usd must be a number of US dollars, e.g. 2.5");
    }
    JsonNode turns = node.get("max_turns");
    if (turns != null && !turns.isNull() && (!turns.isIntegralNumber() || !turns.canConvertToInt())) {
      throw HttpProblem.badRequest("budget.max_turns", "budget.max_turns must be a whole number, e.g. 40");
    }
    try {
      return Budget.of(cost == null || cost.isNull() ? null : cost.decimalValue(),
          turns == null || turns.isNull() ? null : turns.intValue());
    } catch (InvalidInputException e) {
      String field = "budget." + (e.field().equals("maxTurns") ? "max_turns" : "max_cost_usd");
      throw HttpProblem.badRequest(field, field + " " + e.problem());
    }
  }

  static String prompt(byte[] body) {
    return requiredText(object(body), "prompt");
  }

  /** {@code repositoryUrl} → {@code repository_url}: InvalidInputException fields as the client named them. */
  static String snakeCase(String field) {
    return field == null ? null : field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** The body as one strict JSON object with no field outside {@code fields}. */
  static JsonNode object(byte[] body, Set<String> fields) {
    JsonNode json = object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw HttpProblem.badRequest(name, "Unknown field '" + WorkOrderRoutes.excerpt(name) + "'; expected "
            + String.join(", ", new java.util.TreeSet<>(fields)));
      }
    }
    return json;
  }

  private static JsonNode object(byte[] body) {
    JsonNode json;
    try {
      json = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      String problem = e.getOriginalMessage();
      if (problem != null && problem.startsWith("Trailing token")) {
        throw HttpProblem.badRequest("body", "The body must be one JSON object with nothing after it");
      }
      throw HttpProblem.badRequest("body", "The body is not valid JSON: " + problem);
    } catch (java.io.IOException e) {
      throw HttpProblem.badRequest("body", "The body could not be read: " + e.getMessage());
    }
    if (json == null || json.isMissingNode() || !json.isObject()) {
      throw HttpProblem.badRequest("body", "The body must be a JSON object");
    }
    refuseUnsafeText(json, "body");
    return json;
  }

  /** Every string and key, at any depth: no U+0000, no lone surrogate (storage would mangle either). */
  private static void refuseUnsafeText(JsonNode node, String field) {
    if (node.isTextual()) {
      String problem = unsafeText(node.textValue());
      if (problem != null) {
        throw HttpProblem.badRequest(field, field + " " + problem);
      }
    }
    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> entry = it.next();
      String problem = unsafeText(entry.getKey());
      if (problem != null) {
        throw HttpProblem.badRequest("body", "a field name " + problem);
      }
      refuseUnsafeText(entry.getValue(), entry.getKey());
    }
    if (node.isArray()) {
      node.forEach(element -> refuseUnsafeText(element, field));
    }
  }

  /** Why {@code text} cannot be stored faithfully, or null. */
  static String unsafeText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "contains U+0000 (NUL) at character " + i + "; remove it";
      }
      if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
          || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return "contains half of a UTF-16 surrogate pair (U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
            + ") at character " + i + "; send valid Unicode";
      }
    }
    return null;
  }

  static String requiredText(JsonNode json, String field) {
    String value = optionalText(json, field);
    if (value == null || value.isBlank()) {
      throw HttpProblem.badRequest(field, field + " is required and must be a non-empty string");
    }
    return value;
  }

  static String optionalText(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw HttpProblem.badRequest(field, field + " must be a string");
    }
    return node.textValue();
  }
}
