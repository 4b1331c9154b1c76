package dev.awo.github.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.spi.github.GitHubException;
import dev.awo.spi.process.ProcessResult;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GhFailures maps gh's exits to exceptions")
class GhFailuresTest {
  private static GitHubException map(int exit, String stderr) {
    return GhFailures.of(new ProcessResult(exit, "", stderr, Duration.ofMillis(5), false, false), "repository a/b", "verify");
  }

  @Test
  @DisplayName("each known message maps to its exception")
  void mapsKnownMessages() {
    assertInstanceOf(GitHubException.NotAuthenticated.class, map(4, "To get started with GitHub CLI, please run:  gh auth login"));
    assertInstanceOf(GitHubException.NotAuthenticated.class, map(1, "HTTP 401: Bad credentials (https://api.github.com/graphql)"));
    assertInstanceOf(GitHubException.NotFound.class, map(1, "GraphQL: Could not resolve to a Repository with the name 'a/b'. (repository)"));
    assertInstanceOf(GitHubException.NotFound.class, map(1, "gh: Not Found (HTTP 404)"));
    assertInstanceOf(GitHubException.RateLimited.class, map(1, "HTTP 403: API rate limit exceeded for user ID 1."));
    assertInstanceOf(GitHubException.RateLimited.class, map(1, "You have exceeded a secondary rate limit (HTTP 403)"));
    assertEquals(GitHubException.class, map(1, "HTTP 502: Bad Gateway").getClass());
  }

  @Test
  @DisplayName("a rate limit with a Retry-After header says how long to wait")
  void retryAfter() {
    GitHubException e = map(1, "HTTP/2.0 429 Too Many Requests\nRetry-After: 60\n\ngh: API rate limit exceeded (HTTP 429)");
    assertInstanceOf(GitHubException.RateLimited.class, e);
    assertTrue(e.getMessage().contains("retry in 60 s"), e.getMessage());
  }

  @Test
  @DisplayName("a timeout says so and suggests the timeout setting")
  void timeout() {
    GitHubException e = GhFailures.of(new ProcessResult(-1, "", "", Duration.ofSeconds(3), true, false), "repository a/b", "verify");
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  @DisplayName("enterprise hosts take GH_ENTERPRISE_TOKEN, github.com and github.localhost GH_TOKEN")
  void enterpriseHosts() {
    assertTrue(GhProcess.isEnterprise("ghe.example.com"));
    assertTrue(GhProcess.isEnterprise("localhost:8443"));
    assertEquals(false, GhProcess.isEnterprise("github.com"));
    assertEquals(false, GhProcess.isEnterprise("api.github.com"));
    assertEquals(false, GhProcess.isEnterprise("github.localhost"));
  }
}
