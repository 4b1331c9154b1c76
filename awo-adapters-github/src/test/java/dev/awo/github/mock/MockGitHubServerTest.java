package dev.awo.github.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MockGitHubServer answers the requests gh 2.23 was recorded sending")
class MockGitHubServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SUPPORTED = Set.of("RepositoryInfo", "IssueByNumber", "PullRequestForBranch",
      "PullRequestCreate", "UserCurrent");

  @Test
  @DisplayName("every recorded GraphQL operation it supports is answered with data and no errors")
  void replaysRecordedRequests() throws Exception {
    try (MockGitHubServer server = MockGitHubServer.start()) {
      server.addRepository("acme", "widgets", "main");
      server.addIssue("acme", "widgets", 7, "Add a plan", "body", "OPEN", List.of("bug"));
      HttpClient client = HttpClient.newHttpClient();
      int replayed = 0;
      for (String file : List.of("/gh/gh_requests_pr_create.jsonl", "/gh/gh_requests_misc.jsonl")) {
        for (String line : read(file).lines().filter(l -> !l.isBlank()).toList()) {
          JsonNode recorded = JSON.readTree(line);
          if (!recorded.path("method").asText().equals("POST")) {
            continue;
          }
          String query = recorded.path("body").path("query").asText();
          String operation = SUPPORTED.stream().filter(query::contains).findFirst().orElse(null);
          if (operation == null) {
            continue;
          }
          HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.port() + recorded.path("path").asText()))
              .header("Authorization", "token dummytoken")
              .POST(HttpRequest.BodyPublishers.ofString(recorded.path("body").toString())).build(),
              HttpResponse.BodyHandlers.ofString());
          JsonNode reply = JSON.readTree(response.body());
          assertEquals(200, response.statusCode(), operation + ": " + response.body());
          assertFalse(reply.has("errors"), operation + ": " + response.body());
          assertTrue(reply.path("data").size() > 0, operation + ": " + response.body());
          replayed++;
        }
      }
      assertEquals(5, replayed, "2 IssueByNumber, RepositoryInfo, PullRequestForBranch, PullRequestCreate");
      assertEquals(1, server.createdPullRequests().size());
    }
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = MockGitHubServerTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
