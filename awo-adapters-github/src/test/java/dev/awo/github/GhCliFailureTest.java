package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import dev.awo.github.mock.MockGitHubServer;
import dev.awo.github.mock.MockGitHubServer.Failure;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.PullRequestSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GhCli failures map to specific exceptions whose messages say what to do")
class GhCliFailureTest extends MockGitHubTestBase {

  @Test
  @DisplayName("a missing repository is NotFound naming the repository")
  void missingRepository() {
    var e = assertThrows(GitHubException.NotFound.class, () -> gh.verify("acme/nope"));
    assertTrue(e.getMessage().contains("acme/nope"), e.getMessage());
    assertTrue(e.getMessage().contains("Could not resolve to a Repository"), e.getMessage());
  }

  @Test
  @DisplayName("a missing issue is NotFound naming the issue")
  void missingIssue() {
    var e = assertThrows(GitHubException.NotFound.class, () -> gh.issue("acme/widgets", 99));
    assertTrue(e.getMessage().contains("#99"), e.getMessage());
  }

  @Test
  @DisplayName("an issue in a missing repository is NotFound")
  void issueInMissingRepository() {
    assertThrows(GitHubException.NotFound.class, () -> gh.issue("acme/nope", 1));
  }

  @Test
  @DisplayName("a pull request on a missing repository is NotFound")
  void pullRequestOnMissingRepository() {
    assertThrows(GitHubException.NotFound.class,
        () -> gh.open(new PullRequestSpec("acme/nope", "feat", "main", "T", "", false)));
  }

  @Test
  @DisplayName("commenting on a missing issue is NotFound (HTTP 404)")
  void commentOnMissingIssue() {
    var e = assertThrows(GitHubException.NotFound.class, () -> gh.comment("acme/widgets", 99, "hi"));
    assertTrue(e.getMessage().contains("#99"), e.getMessage());
  }

  @Test
  @DisplayName("updating a missing comment is NotFound")
  void updateMissingComment() {
    assertThrows(GitHubException.NotFound.class, () -> gh.update("acme/widgets", 123456, "hi"));
  }

  @Test
  @DisplayName("HTTP 404 from GraphQL is NotFound")
  void graphQl404() {
    server.failAlways(Failure.NOT_FOUND, MockGitHubServer.anyRequest());
    assertThrows(GitHubException.NotFound.class, () -> gh.verify("acme/widgets"));
  }

  @Test
  @DisplayName("the GraphQL rate limit (403, X-RateLimit-Remaining: 0) is RateLimited and says when to retry")
  void graphQlRateLimit() {
    server.failAlways(Failure.RATE_LIMITED, MockGitHubServer.anyRequest());
    var e = assertThrows(GitHubException.RateLimited.class, () -> gh.issue("acme/widgets", 7));
    assertTrue(e.getMessage().contains("retry"), e.getMessage());
  }

  @Test
  @DisplayName("the REST rate limit on comments is RateLimited and names the reset time from X-RateLimit-Reset")
  void restRateLimit() {
    server.failAlways(Failure.RATE_LIMITED, MockGitHubServer.commentRequests());
    var e = assertThrows(GitHubException.RateLimited.class, () -> gh.comment("acme/widgets", 7, "hi"));
    assertTrue(e.getMessage().contains("retry after 2030-03-17T17:46:40Z"), e.getMessage());
  }

  @Test
  @DisplayName("bad credentials (HTTP 401) are NotAuthenticated and say to set GH_TOKEN")
  void badCredentials() {
    server.failAlways(Failure.UNAUTHORIZED, MockGitHubServer.anyRequest());
    var e = assertThrows(GitHubException.NotAuthenticated.class, () -> gh.verify("acme/widgets"));
    assertTrue(e.getMessage().contains("GH_TOKEN"), e.getMessage());
  }

  @Test
  @DisplayName("bad credentials on a comment are NotAuthenticated")
  void badCredentialsOnComment() {
    server.failAlways(Failure.UNAUTHORIZED, MockGitHubServer.anyRequest());
    assertThrows(GitHubException.NotAuthenticated.class, () -> gh.comment("acme/widgets", 7, "hi"));
  }

  @Test
  @DisplayName("a server error is a plain GitHubException carrying gh's message")
  void serverError() {
    server.failAlways(Failure.SERVER_ERROR, MockGitHubServer.anyRequest());
    var e = assertThrows(GitHubException.class, () -> gh.verify("acme/widgets"));
    assertEquals(GitHubException.class, e.getClass());
    assertTrue(e.getMessage().contains("500"), e.getMessage());
  }

  @Test
  @DisplayName("without any token gh exits 4 and the call is NotAuthenticated, before any request")
  void noToken() {
    GhCli anonymous = new GhCli(GhTestSupport.configFor(server, configDir).token(null).host(null).build());

    var e = assertThrows(GitHubException.NotAuthenticated.class, () -> anonymous.verify("acme/widgets"));
    assertTrue(e.getMessage().contains("GH_TOKEN"), e.getMessage());
    assertTrue(server.requests().isEmpty());
  }

  @Test
  @DisplayName("without a token for the test host gh sends no credentials and the API's 401 is NotAuthenticated")
  void noTokenForLocalHost() {
    GhCli anonymous = new GhCli(GhTestSupport.configFor(server, configDir).token(null).build());

    assertThrows(GitHubException.NotAuthenticated.class, () -> anonymous.issue("acme/widgets", 7));
    assertEquals("", server.requests().get(0).authorization());
  }

  @Test
  @DisplayName("a missing gh is ClientUnavailable and says how to install it")
  void missingGh() {
    GhCli missing = new GhCli(GhTestSupport.configFor(server, configDir).ghPath("/nonexistent/bin/gh").build());

    var e = assertThrows(GitHubException.ClientUnavailable.class, () -> missing.verify("acme/widgets"));
    assertTrue(e.getMessage().contains("apt-get install gh"), e.getMessage());
    assertTrue(e.getMessage().contains("https://cli.github.com"), e.getMessage());
  }

  @Test
  @DisplayName("bad input is refused before gh runs")
  void badInputRefusedBeforeGhRuns() {
    List<Executable> calls = List.of(
        () -> gh.issue("acme/widgets", 0),
        () -> gh.issue("acme/widgets", -3),
        () -> gh.issue("not a repo", 1),
        () -> gh.verify("--upload-pack=x/y"),
        () -> gh.open(new PullRequestSpec("acme/widgets", "-feat", "main", "T", "", false)),
        () -> gh.open(new PullRequestSpec("acme/widgets", "feat", "--base", "T", "", false)),
        () -> gh.open(new PullRequestSpec("acme/widgets", "feat branch", "main", "T", "", false)),
        () -> gh.open(new PullRequestSpec("acme/widgets", "feat", "main", "line\nbreak", "", false)),
        () -> gh.comment("acme/widgets", 0, "x"),
        () -> gh.comment("acme/widgets", 7, " "),
        () -> gh.update("acme/widgets", 0, "x"));
    for (Executable call : calls) {
      assertThrows(InvalidInputException.class, call);
    }
    assertThrows(InvalidInputException.class,
        () -> new PullRequestSpec("acme/widgets", "feat", "main", "  ", "", false));
    assertTrue(server.requests().isEmpty());
  }

  @Test
  @DisplayName("the token never appears in exceptions, logs or the arguments gh sees")
  void tokenNeverLeaks(@TempDir Path scratch) throws Exception {
    // a stand-in gh that echoes its arguments and the environment gh reads, then fails (only those
    // variables: the message is capped, and the whole environment's order is the JVM's hash order)
    Path fake = scratch.resolve("gh");
    Files.writeString(fake, "#!/bin/sh\necho \"args: $*\" >&2\nenv | grep -E '^(GH_|GITHUB_|NO_COLOR)' >&2\nexit 1\n");
    fake.toFile().setExecutable(true);
    GhCli echoing = new GhCli(GhTestSupport.configFor(server, configDir).ghPath(fake.toString()).build());

    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    GitHubException e;
    try {
      e = assertThrows(GitHubException.class, () -> echoing.verify("acme/widgets"));
      assertThrows(GitHubException.NotFound.class, () -> gh.verify("acme/nope"));
      assertThrows(GitHubException.class, () -> gh.comment("acme/widgets", 99, "x"));
    } finally {
      System.setErr(originalErr);
    }
    assertTrue(e.getMessage().contains("GH_TOKEN=***"), e.getMessage());
    assertTrue(e.getMessage().contains("args: repo view"), e.getMessage());
    assertFalse(e.getMessage().contains(GhTestSupport.TOKEN), e.getMessage());
    assertFalse(e.getMessage().contains("GITHUB_TOKEN"), e.getMessage());
    assertTrue(e.getMessage().contains("GH_PROMPT_DISABLED=1"), e.getMessage());
    assertTrue(e.getMessage().contains("GH_NO_UPDATE_NOTIFIER=1"), e.getMessage());
    assertTrue(e.getMessage().contains("NO_COLOR=1"), e.getMessage());
    assertTrue(captured.toString().contains("process_started"), "debug logs were captured: " + captured);
    assertFalse(captured.toString().contains(GhTestSupport.TOKEN), "log output leaked the token");
  }
}
