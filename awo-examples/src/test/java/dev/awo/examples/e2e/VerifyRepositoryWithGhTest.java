package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FakeSandboxFactory;
import dev.awo.core.fixtures.ScriptedAgent;
import dev.awo.examples.http.EventHub;
import dev.awo.examples.http.WorkOrderHttpServer;
import dev.awo.github.GhCli;
import dev.awo.github.GhConfig;
import dev.awo.github.mock.MockGitHubServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /github/verify-repository} and {@code POST /repositories} through the real gh CLI
 * against the loopback mock of GitHub's API: gh's own answer for a repository that exists and for
 * one that does not, and a gh that cannot run.
 */
@Timeout(120)
class VerifyRepositoryWithGhTest {
  private static final String REPO_URL = "http://" + MockGitHubServer.HOST + "/acme/widgets";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  @TempDir Path dir;

  private record Answer(int status, JsonNode json) {}

  private Answer post(WorkOrderHttpServer server, String path, String body) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve(path))
        .header("Authorization", "Bearer " + server.accessToken().value()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private WorkOrderHttpServer server(WorkflowOrchestrator orchestrator, GhCli gh) {
    return WorkOrderHttpServer.builder(orchestrator, new EventHub()).repositoryVerifier(gh).start();
  }

  @Test
  void ghVerifiesAnExistingRepositoryAndReportsWhyAMissingOneIsNotAccessible() throws Exception {
    Path gh = RealClis.gh();
    java.nio.file.Files.createDirectories(dir.resolve("gh"));
    FakeSandboxFactory sandboxes = new FakeSandboxFactory(dir.resolve("sandboxes"));
    try (MockGitHubServer github = MockGitHubServer.start();
        WorkflowOrchestrator orchestrator = WorkflowOrchestrator.builder().sandboxFactory(sandboxes)
            .agentExecutor(new ScriptedAgent(sandboxes)).build()) {
      github.addRepository("acme", "widgets", "main");
      GhCli cli = new GhCli(GhConfig.builder().ghPath(gh.toString()).token("mock-gh-token").host(MockGitHubServer.HOST)
          .env("HTTP_PROXY", github.proxyUrl()).configDir(dir.resolve("gh")).build());
      try (WorkOrderHttpServer server = server(orchestrator, cli)) {
        Answer ok = post(server, "/github/verify-repository", "{\"repository_url\": \"" + REPO_URL + "\"}");
        assertEquals(200, ok.status(), ok.json().toString());
        assertTrue(ok.json().get("is_accessible").asBoolean(), ok.json().toString());
        assertEquals("acme", ok.json().get("repository_owner").asText());
        assertEquals("widgets", ok.json().get("repository_name").asText());
        assertEquals("main", ok.json().get("default_branch").asText());

        String missingUrl = "http://" + MockGitHubServer.HOST + "/acme/missing";
        Answer missing = post(server, "/github/verify-repository", "{\"repository_url\": \"" + missingUrl + "\"}");
        assertEquals(200, missing.status(), missing.json().toString());
        assertFalse(missing.json().get("is_accessible").asBoolean());
        assertTrue(missing.json().get("error_message").asText().contains("Could not resolve to a Repository"),
            "gh's reason is passed on: " + missing.json());

        Answer created = post(server, "/repositories", "{\"repository_url\": \"" + REPO_URL + "\"}");
        assertEquals(201, created.status(), created.json().toString());
        assertEquals("acme/widgets", created.json().get("display_name").asText());
        assertEquals(400, post(server, "/repositories", "{\"repository_url\": \"" + missingUrl + "\"}").status());
        assertEquals(409, post(server, "/repositories", "{\"repository_url\": \"" + REPO_URL + "\"}").status());
        Answer bad = post(server, "/github/verify-repository", "{\"repository_url\": \"not a url at all\"}");
        assertEquals(400, bad.status(), bad.json().toString());
        assertEquals("repository_url", bad.json().get("field").asText());
      }
      GhCli absent = new GhCli(GhConfig.builder().ghPath(dir.resolve("no-such-gh").toString()).build());
      try (WorkOrderHttpServer server = server(orchestrator, absent)) {
        Answer failed = post(server, "/repositories", "{\"repository_url\": \"https://github.com/acme/widgets\"}");
        assertEquals(502, failed.status(), failed.json().toString());
        assertEquals(502, post(server, "/github/verify-repository",
            "{\"repository_url\": \"https://github.com/acme/widgets\"}").status());
      }
    }
  }
}
