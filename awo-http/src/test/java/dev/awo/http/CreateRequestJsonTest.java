package dev.awo.http;

import static dev.awo.http.RepositoryApiTest.assertProblem;
import static dev.awo.http.RepositoryApiTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.domain.SandboxType;
import dev.awo.spi.persistence.ConfiguredRepository;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Create and prompt bodies: defaults from a configured repository, 400s naming the field. */
class CreateRequestJsonTest {
  private static final String URL = "https://github.com/acme/widgets";
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private final InMemoryConfiguredRepositories configured = new InMemoryConfiguredRepositories();

  @Test
  void anOmittedSandboxTypeOrWorkflowComesFromTheConfiguredRepositoryAndAGivenOneWins() {
    configured.save(new ConfiguredRepository("repo-1a2b3c4d", URL, "Widgets", "acme", "widgets", "main",
        SandboxType.GIT_WORKTREE, "quick", T, T));
    WorkOrderRequest defaults = CreateRequestJson.workOrderRequest(
        body("{\"repository_url\": \"" + URL + "\", \"user_request\": \"Add a flag\", \"issue_number\": 42}"),
        SandboxType.GIT_BRANCH, configured);
    assertEquals(SandboxType.GIT_WORKTREE, defaults.sandboxType());
    assertEquals("quick", defaults.workflow());
    assertEquals(42, defaults.issueNumber());
    WorkOrderRequest explicit = CreateRequestJson.workOrderRequest(body("{\"repository_url\": \"" + URL
        + "\", \"user_request\": \"x\", \"sandbox_type\": \"git_branch\", \"workflow\": \"default\"}"),
        SandboxType.GIT_BRANCH, configured);
    assertEquals(SandboxType.GIT_BRANCH, explicit.sandboxType());
    assertEquals("default", explicit.workflow());
  }

  @Test
  void aBadFieldIsA400NamingIt() {
    assertProblem(400, "user_request", () -> create("{\"repository_url\": \"" + URL + "\"}"));
    assertProblem(400, "issue_number", () -> create("{\"repository_url\": \"" + URL + "\", \"user_request\": \"x\", \"issue_number\": 1.5}"));
    assertProblem(400, "sandbox_type", () -> create("{\"repository_url\": \"" + URL + "\", \"user_request\": \"x\", \"sandbox_type\": \"vm\"}"));
    assertProblem(400, "colour", () -> create("{\"repository_url\": \"" + URL + "\", \"user_request\": \"x\", \"colour\": 1}"));
    assertProblem(400, "repository_url", () -> create("{\"repository_url\": 7, \"user_request\": \"x\"}"));
    assertProblem(400, "prompt", () -> CreateRequestJson.prompt(body("{\"prompt\": \"\"}")));
    assertEquals("go on", CreateRequestJson.prompt(body("{\"prompt\": \"go on\"}")));
  }

  private void create(String json) {
    CreateRequestJson.workOrderRequest(body(json), SandboxType.GIT_BRANCH, configured);
  }
}
