package dev.awo.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.workflow.Budget;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The bodies of {@code POST /agent-work-orders} ({@code {"repository_url", "user_request",
 * "issue_number"?, "sandbox_type"?, "workflow"?, "budget"?}}) and {@code POST .../prompt} ({@code {"prompt"}}),
 * read strictly ({@link JsonBodies}) into what the orchestrator takes, with a 400 naming the field.
 * A create that omits {@code sandbox_type} or {@code workflow} takes the defaults of the configured
 * repository with that URL, if there is one. The optional {@code budget} is {@code {"max_cost_usd":
 * 2.5, "max_turns": 40}}, either limit optional; the {@value #IDEMPOTENCY_KEY} header's value, when
 * a host passes it, makes the create idempotent.
 *
 * <pre>{@code
 * WorkOrderRequest request = CreateRequestJson.workOrderRequest(body, SandboxType.GIT_BRANCH, configured);
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class CreateRequestJson {
  /** The request header that makes a create idempotent (IETF draft "The Idempotency-Key HTTP Header Field"). */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Set<String> CREATE_FIELDS =
      Set.of("repository_url", "user_request", "issue_number", "sandbox_type", "workflow", "budget");
  private static final Set<String> BUDGET_FIELDS = Set.of("max_cost_usd", "max_turns");

  private CreateRequestJson() {}

  /**
   * The request a create body asks for. An omitted {@code sandbox_type} or {@code workflow} comes
   * from the configured repository with that URL, else {@code defaultType} and the orchestrator's
   * default workflow.
   *
   * @throws ApiProblem 400 naming the field
   */
  public static WorkOrderRequest workOrderRequest(byte[] body, SandboxType defaultType,
      ConfiguredRepositoryRepository configured) {
    return workOrderRequest(body, defaultType, configured, null);
  }

  /**
   * As {@link #workOrderRequest(byte[], SandboxType, ConfiguredRepositoryRepository)}, idempotent
   * under {@code idempotencyKey} (the {@value #IDEMPOTENCY_KEY} header's value; null for none).
   *
   * @throws ApiProblem 400 naming the field, or the header for a malformed key
   */
  public static WorkOrderRequest workOrderRequest(byte[] body, SandboxType defaultType,
      ConfiguredRepositoryRepository configured, String idempotencyKey) {
    JsonNode json = JsonBodies.object(body, CREATE_FIELDS);
    String repositoryUrl = JsonBodies.requiredText(json, "repository_url");
    String userRequest = JsonBodies.requiredText(json, "user_request");
    Optional<ConfiguredRepository> defaults = configured.findByUrl(repositoryUrl);
    String sandboxName = JsonBodies.optionalText(json, "sandbox_type");
    SandboxType sandbox = sandboxName == null
        ? defaults.map(ConfiguredRepository::defaultSandboxType).orElse(defaultType)
        : sandboxType("sandbox_type", sandboxName);
    WorkOrderRequest.Builder builder = WorkOrderRequest.builder(repositoryUrl, userRequest)
        .issueNumber(issueNumber(json)).sandboxType(sandbox).budget(budget(json.get("budget")));
    String workflow = JsonBodies.optionalText(json, "workflow");
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
        throw ApiProblem.badRequest(IDEMPOTENCY_KEY, "The Idempotency-Key header " + e.problem());
      }
    }
    try {
      return builder.build();
    } catch (InvalidInputException e) {
      throw ApiProblem.badRequest(JsonBodies.snakeCase(e.field()), e.getMessage());
    }
  }

  /**
   * The text of a {@code {"prompt": ...}} body.
   *
   * @throws ApiProblem 400 naming {@code prompt} or {@code body}
   */
  public static String prompt(byte[] body) {
    return JsonBodies.requiredText(JsonBodies.object(body, Set.of("prompt")), "prompt");
  }

  /**
   * A sandbox type by its wire name (any case).
   *
   * @throws ApiProblem 400 naming {@code field}
   */
  static SandboxType sandboxType(String field, String name) {
    try {
      return SandboxType.fromWireName(name.toLowerCase(Locale.ROOT));
    } catch (InvalidInputException e) {
      throw ApiProblem.badRequest(field, e.getMessage());
    }
  }

  private static Budget budget(JsonNode node) {
    if (node == null || node.isNull()) {
      return Budget.NONE;
    }
    if (!node.isObject()) {
      throw ApiProblem.badRequest("budget", "budget must be an object such as {\"max_cost_usd\": 2.5, \"max_turns\": 40}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = JsonBodies.excerpt(names.next());
      if (!BUDGET_FIELDS.contains(name)) {
        throw ApiProblem.badRequest("budget." + name, "Unknown field 'budget." + name + "'; expected max_cost_usd, max_turns");
      }
    }
    JsonNode cost = node.get("max_cost_usd");
    if (cost != null && !cost.isNull() && !cost.isNumber()) {
      throw ApiProblem.badRequest("budget.max_cost_usd", "budget.max_cost_usd must be a number of US dollars, e.g. 2.5");
    }
    JsonNode turns = node.get("max_turns");
    if (turns != null && !turns.isNull() && (!turns.isIntegralNumber() || !turns.canConvertToInt())) {
      throw ApiProblem.badRequest("budget.max_turns", "budget.max_turns must be a whole number, e.g. 40");
    }
    try {
      return Budget.of(cost == null || cost.isNull() ? null : cost.decimalValue(),
          turns == null || turns.isNull() ? null : turns.intValue());
    } catch (InvalidInputException e) {
      String field = "budget." + (e.field().equals("maxTurns") ? "max_turns" : "max_cost_usd");
      throw ApiProblem.badRequest(field, field + " " + e.problem());
    }
  }

  private static Integer issueNumber(JsonNode json) {
    JsonNode issue = json.get("issue_number");
    if (issue == null || issue.isNull()) {
      return null;
    }
    if (!issue.canConvertToInt() || !issue.isIntegralNumber()) {
      throw ApiProblem.badRequest("issue_number", "issue_number must be a whole number, e.g. 42");
    }
    return issue.intValue();
  }
}
