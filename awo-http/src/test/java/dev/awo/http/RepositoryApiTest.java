package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.domain.InvalidInputException;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verification and configured repositories, with a verifier double at the port. */
class RepositoryApiTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  /** acme/widgets exists, acme/missing is not there, acme/down breaks the host, anything else is malformed. */
  private static final RepositoryVerifier VERIFIER = url -> switch (url) {
    case "https://github.com/acme/widgets" -> new RepositoryInfo("acme", "widgets", "main", url);
    case "https://github.com/acme/missing" -> throw new GitHubException.NotFound("Could not resolve to a Repository");
    case "https://github.com/acme/down" -> throw new GitHubException.RateLimited("API rate limit exceeded");
    default -> throw new InvalidInputException("repositoryUrl", "is not a GitHub repository URL");
  };

  private final InMemoryConfiguredRepositories store = new InMemoryConfiguredRepositories();
  private final RepositoryApi api = new RepositoryApi(VERIFIER, store, () -> List.of("default", "quick"), CLOCK);

  @Test
  void verifyAnswersAccessibleOrNotAndRefusesWhatItCannotAsk() {
    ObjectNode ok = api.verify(body("{\"repository_url\": \"https://github.com/acme/widgets\"}"));
    assertEquals("{\"is_accessible\":true,\"repository_owner\":\"acme\",\"repository_name\":\"widgets\","
        + "\"default_branch\":\"main\",\"error_message\":null}", ok.toString());
    ObjectNode missing = api.verify(body("{\"repository_url\": \"https://github.com/acme/missing\"}"));
    assertFalse(missing.get("is_accessible").asBoolean());
    assertEquals("Could not resolve to a Repository", missing.get("error_message").asText());
    assertProblem(400, "repository_url", () -> api.verify(body("{\"repository_url\": \"ftp://x\"}")));
    assertProblem(400, "repository_url", () -> api.verify(body("{}")));
    assertProblem(502, null, () -> api.verify(body("{\"repository_url\": \"https://github.com/acme/down\"}")));
    assertProblem(503, null, () -> new RepositoryApi(null, store, List::of, CLOCK)
        .verify(body("{\"repository_url\": \"https://github.com/acme/widgets\"}")));
  }

  @Test
  void createsPatchesReverifiesAndDeletesWithTheStatusesOfTheApi() {
    ObjectNode created = api.create(body("{\"repository_url\": \"https://github.com/acme/widgets\", "
        + "\"default_workflow\": \"quick\", \"default_sandbox_type\": \"GIT_WORKTREE\"}"));
    String id = created.get("id").asText();
    assertTrue(id.matches("repo-[0-9a-f]{8}"), id);
    assertEquals("acme/widgets", created.get("display_name").asText());
    assertEquals("git_worktree", created.get("default_sandbox_type").asText());
    assertEquals(List.of(created), List.copyOf(toList(api.list())));
    assertProblem(409, "repository_url", () -> api.create(body("{\"repository_url\": \"https://github.com/acme/widgets\"}")));
    assertProblem(400, "repository_url", () -> api.create(body("{\"repository_url\": \"https://github.com/acme/missing\"}")));
    assertProblem(400, "default_workflow", () -> api.patch(id, body("{\"default_workflow\": \"nope\"}")));
    assertProblem(400, "default_sandbox_type", () -> api.patch(id, body("{\"default_sandbox_type\": \"vm\"}")));
    assertProblem(400, "repository_url", () -> api.patch(id, body("{\"repository_url\": \"https://github.com/acme/x\"}")));
    assertEquals("Widgets", api.patch(id, body("{\"display_name\": \"Widgets\"}")).get("display_name").asText());
    assertEquals("Widgets", api.reverify(id).get("display_name").asText());
    assertProblem(404, null, () -> api.get("repo-00000000"));
    assertProblem(404, null, () -> api.get("../etc"));
    api.delete(id);
    assertProblem(404, null, () -> api.delete(id));
    assertEquals(0, api.list().size());
  }

  private static List<?> toList(com.fasterxml.jackson.databind.node.ArrayNode array) {
    List<Object> all = new java.util.ArrayList<>();
    array.forEach(all::add);
    return all;
  }

  static void assertProblem(int status, String field, Runnable call) {
    ApiProblem problem = assertThrows(ApiProblem.class, call::run);
    assertEquals(status, problem.status(), problem.getMessage());
    assertEquals(field, problem.field(), problem.getMessage());
  }

  static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
