package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.github.GitHubRepositoryRef;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Repository verification and configured repositories on a real server on a random port, with a {@link RepositoryVerifier}
 * double at the port that parses URLs as gh's adapter does: {@code acme/missing} is not found,
 * {@code acme/broken} makes the host fail.
 */
@SpringBootTest(classes = {ScriptedWebApp.class, RepositoryEndpointsTest.App.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false"})
class RepositoryEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void verifyAnswersAccessibilityWithTheHostsReasonAndRefusesABadUrl() throws Exception {
    HttpResponse<String> ok = send("POST", "/github/verify-repository", "{\"repository_url\": \"https://github.com/acme/widgets\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode accessible = JSON.readTree(ok.body());
    assertThat(accessible.get("is_accessible").asBoolean()).isTrue();
    assertThat(accessible.get("repository_owner").asText()).isEqualTo("acme");
    assertThat(accessible.get("repository_name").asText()).isEqualTo("widgets");
    assertThat(accessible.get("default_branch").asText()).isEqualTo("main");
    assertThat(accessible.get("error_message").isNull()).isTrue();

    HttpResponse<String> missing = send("POST", "/github/verify-repository", "{\"repository_url\": \"https://github.com/acme/missing\"}");
    assertThat(missing.statusCode()).isEqualTo(200);
    JsonNode inaccessible = JSON.readTree(missing.body());
    assertThat(inaccessible.get("is_accessible").asBoolean()).isFalse();
    assertThat(inaccessible.get("error_message").asText()).contains("Could not resolve to a Repository");
    assertThat(inaccessible.get("repository_owner").isNull()).isTrue();

    assertProblem(send("POST", "/github/verify-repository", "{\"repository_url\": \"bad url\"}"), 400, "repository_url");
    assertProblem(send("POST", "/github/verify-repository", "{}"), 400, "repository_url");
    assertProblem(send("POST", "/github/verify-repository", "{\"repository_url\": 7}"), 400, "repository_url");
    assertProblem(send("POST", "/github/verify-repository", "{\"repository_url\": \"x\", \"extra\": 1}"), 400, "extra");
    assertProblem(send("POST", "/github/verify-repository", "[1"), 400, "body");
    HttpResponse<String> broken = send("POST", "/github/verify-repository", "{\"repository_url\": \"https://github.com/acme/broken\"}");
    assertThat(broken.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(broken.body()).get("error").asText()).contains("gh exited with 1");
  }

  @Test
  void configuredRepositoriesAreVerifiedStoredChangedAndLendTheirDefaultsToNewWorkOrders() throws Exception {
    String widgets = WorkflowTestEnvironment.REPOSITORY_URL;
    HttpResponse<String> created = send("POST", "/repositories", "{\"repository_url\": \"" + widgets
        + "\", \"default_sandbox_type\": \"git_worktree\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode repository = JSON.readTree(created.body());
    String id = repository.get("id").asText();
    assertThat(id).matches("repo-[0-9a-f]{8}");
    assertThat(created.headers().firstValue("Location")).contains("/repositories/" + id);
    assertThat(repository.get("display_name").asText()).isEqualTo("acme/widgets");
    assertThat(repository.get("owner").asText()).isEqualTo("acme");
    assertThat(repository.get("name").asText()).isEqualTo("widgets");
    assertThat(repository.get("default_branch").asText()).isEqualTo("main");
    assertThat(repository.get("default_sandbox_type").asText()).isEqualTo("git_worktree");
    assertThat(repository.get("default_workflow").asText()).isEqualTo("default");
    assertThat(repository.has("created_at")).isTrue();
    assertThat(repository.has("verified_at")).isTrue();

    assertProblem(send("POST", "/repositories", "{\"repository_url\": \"" + widgets + "\"}"), 409, "repository_url");
    assertProblem(send("POST", "/repositories", "{\"repository_url\": \"https://github.com/acme/missing\"}"),
        400, "repository_url");
    assertThat(send("POST", "/repositories", "{\"repository_url\": \"https://github.com/acme/broken\"}").statusCode())
        .isEqualTo(502);
    assertProblem(send("POST", "/repositories", "{\"repository_url\": \"https://github.com/acme/other\", "
        + "\"default_workflow\": \"nope\"}"), 400, "default_workflow");
    assertProblem(send("POST", "/repositories", "{\"repository_url\": \"https://github.com/acme/other\", "
        + "\"default_sandbox_type\": \"docker\"}"), 400, "default_sandbox_type");
    assertProblem(send("POST", "/repositories", "{\"repository_url\": \"bad url\"}"), 400, "repository_url");
    assertThat(JSON.readTree(send("GET", "/repositories", null).body()).findValuesAsText("id")).containsExactly(id);

    HttpResponse<String> defaulted = send("POST", "/agent-work-orders",
        "{\"repository_url\": \"" + widgets + "\", \"user_request\": \"Add a flag\"}");
    assertThat(defaulted.statusCode()).as(defaulted.body()).isEqualTo(201);
    assertThat(JSON.readTree(defaulted.body()).get("sandbox_type").asText()).isEqualTo("git_worktree");
    HttpResponse<String> explicit = send("POST", "/agent-work-orders", "{\"repository_url\": \"" + widgets
        + "\", \"user_request\": \"Add a flag\", \"sandbox_type\": \"git_branch\"}");
    assertThat(JSON.readTree(explicit.body()).get("sandbox_type").asText()).isEqualTo("git_branch");

    HttpResponse<String> patched = send("PATCH", "/repositories/" + id, "{\"display_name\": \"Widgets\"}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(patched.body()).get("display_name").asText()).isEqualTo("Widgets");
    assertThat(JSON.readTree(patched.body()).get("default_sandbox_type").asText()).isEqualTo("git_worktree");
    assertProblem(send("PATCH", "/repositories/" + id, "{\"repository_url\": \"x\"}"), 400, "repository_url");
    assertThat(JSON.readTree(send("GET", "/repositories/" + id, null).body()).get("display_name").asText())
        .isEqualTo("Widgets");
    HttpResponse<String> reverified = send("POST", "/repositories/" + id + "/verify", null);
    assertThat(reverified.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(reverified.body()).get("display_name").asText()).isEqualTo("Widgets");

    assertThat(send("GET", "/repositories/repo-00000000", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/repositories/not-an-id", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/repositories/repo-00000000/verify", null).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/repositories/" + id, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/repositories/" + id, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/repositories/" + id, null).statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(send("GET", "/repositories", null).body())).isEmpty();
  }

  static void assertProblem(HttpResponse<String> answer, int status, String field) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("error").asText()).isNotBlank();
    assertThat(problem.get("field").asText()).isEqualTo(field);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The port's double: gh's URL parsing, then a fixed answer per repository name. */
  static final class HostDouble implements RepositoryVerifier {
    @Override
    public RepositoryInfo verify(String repositoryUrl) {
      GitHubRepositoryRef ref = GitHubRepositoryRef.parse(repositoryUrl);
      return switch (ref.name()) {
        case "missing" -> throw new GitHubException.NotFound("GraphQL: Could not resolve to a Repository with the name '"
            + ref.owner() + "/missing'. (repository)");
        case "broken" -> throw new GitHubException("gh exited with 1: HTTP 500 Internal Server Error");
        default -> new RepositoryInfo(ref.owner(), ref.name(), "main", "https://github.com/" + ref.owner() + "/" + ref.name());
      };
    }
  }

  /** The repository host double, on top of {@link ScriptedWebApp}. */
  @Configuration(proxyBeanMethods = false)
  static class App {
    @Bean
    RepositoryVerifier hostDouble() {
      return new HostDouble();
    }
  }
}
