package dev.awo.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.core.WorkOrderRequest;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The bodies of {@code POST /agent-work-orders} ({@code {"repository_url", "user_request",
 * "issue_number"?, "sandbox_type"?, "workflow"?}}) and {@code POST .../prompt} ({@code {"prompt"}}),
 * read strictly ({@link JsonBodies}) into what the orchestrator takes, with a 400 naming the field.
 * A create that omits {@code sandbox_type} or {@code workflow} takes the defaults of the configured
 * repository with that URL, if there is one.
 *
 * <pre>{@code
 * WorkOrderRequest request = CreateRequestJson.workOrderRequest(body, SandboxType.GIT_BRANCH, configured);
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class CreateRequestJson {
  private static final Set<String> CREATE_FIELDS =
      Set.of("repository_url", "user_request", "issue_number", "sandbox_type", "workflow");

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
    JsonNode json = JsonBodies.object(body, CREATE_FIELDS);
    String repositoryUrl = JsonBodies.requiredText(json, "repository_url");
    String userRequest = JsonBodies.requiredText(json, "user_request");
    Optional<ConfiguredRepository> defaults = configured.findByUrl(repositoryUrl);
    String sandboxName = JsonBodies.optionalText(json, "sandbox_type");
    SandboxType sandbox = sandboxName == null
        ? defaults.map(ConfiguredRepository::defaultSandboxType).orElse(defaultType)
        : sandboxType("sandbox_type", sandboxName);
    WorkOrderRequest.Builder builder = WorkOrderRequest.builder(repositoryUrl, userRequest)
        .issueNumber(issueNumber(json)).sandboxType(sandbox);
    String workflow = JsonBodies.optionalText(json, "workflow");
    if (workflow == null) {
      workflow = defaults.map(ConfiguredRepository::defaultWorkflow).orElse(null);
    }
    if (workflow != null) {
      builder.workflow(workflow);
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
