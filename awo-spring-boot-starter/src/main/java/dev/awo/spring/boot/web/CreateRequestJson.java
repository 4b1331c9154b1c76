package dev.awo.spring.boot.web;

import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.core.WorkOrderRequest;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON bodies of {@code POST /agent-work-orders} and {@code POST .../prompt}, refusing
 * anything malformed with a 400 that names the field (in the snake_case the client sent).
 */
final class CreateRequestJson {
  /** The request header that makes a create idempotent (RFC draft "The Idempotency-Key HTTP Header Field"). */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Set<String> CREATE_FIELDS =
      Set.of("repository_url", "user_request", "issue_number", "sandbox_type", "workflow");

  private CreateRequestJson() {}

  /**
   * The request a create body asks for. A {@code sandbox_type} or {@code workflow} it omits comes
   * from the configured repository with that URL, if there is one (else {@code defaultType} and the
   * orchestrator's default workflow).
   */
  static WorkOrderRequest workOrderRequest(byte[] body, SandboxType defaultType,
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
    SandboxType sandbox = defaults.map(ConfiguredRepository::defaultSandboxType).orElse(defaultType);
    String sandboxName = optionalText(json, "sandbox_type");
    if (sandboxName != null) {
      try {
        sandbox = SandboxType.fromWireName(sandboxName.toLowerCase(Locale.ROOT));
      } catch (InvalidInputException e) {
        throw HttpProblem.badRequest("sandbox_type", e.getMessage());
      }
    }
    WorkOrderRequest.Builder builder = WorkOrderRequest.builder(repositoryUrl, userRequest)
        .issueNumber(issue).sandboxType(sandbox);
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
    try {
      return builder.build();
    } catch (InvalidInputException e) {
      throw HttpProblem.badRequest(snakeCase(e.field()), e.getMessage());
    }
  }

  /** The {@code repository_url} of a {@code {"repository_url": ...}} body (verify, configured repositories). */
  static String repositoryUrl(byte[] body) {
    return requiredText(object(body, Set.of("repository_url")), "repository_url");
  }

  static String prompt(byte[] body) {
    return requiredText(object(body), "prompt");
  }

  /** {@code repositoryUrl} → {@code repository_url}: InvalidInputException fields as the client named them. */
  static String snakeCase(String field) {
    return field == null ? null : field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** The body as a JSON object with no field outside {@code fields} (else a 400 naming the field). */
  static JsonNode object(byte[] body, Set<String> fields) {
    JsonNode json = object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw HttpProblem.badRequest(name, "Unknown field '" + name + "'; expected " + String.join(", ",
            new java.util.TreeSet<>(fields)));
      }
    }
    return json;
  }

  private static JsonNode object(byte[] body) {
    JsonNode json;
    try {
      json = WorkOrderJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest("body", "The body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw HttpProblem.badRequest("body", "The body could not be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw HttpProblem.badRequest("body", "The body must be a JSON object");
    }
    return json;
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
