package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.github.mock.MockGitHubServer;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GhCli with a logged-in gh, and looking pull requests up by head branch")
class GhLoginAndLookupTest extends MockGitHubTestBase {
  @TempDir Path userConfig;

  @Test
  @DisplayName("find returns the pull request GitHub has for the head branch, with GitHub's URL")
  void findsPullRequestOfBranch() {
    server.addPullRequest("acme", "widgets", 12, "feat-x", "main");

    Optional<PullRequest> pr = gh.find("http://github.localhost/acme/widgets.git", "feat-x");

    assertEquals(Optional.of(new PullRequest(12, "http://github.localhost/acme/widgets/pull/12", true)), pr);
  }

  @Test
  @DisplayName("find is empty when the branch has no pull request")
  void findsNothingForBranchWithoutPullRequest() {
    assertEquals(Optional.empty(), gh.find("acme/widgets", "feat-none"));
  }

  @Test
  @DisplayName("a pull request closed without merging does not count: find is empty")
  void closedPullRequestDoesNotCount() {
    server.addPullRequest("acme", "widgets", 14, "feat-closed", "main");
    server.closePullRequest(14);

    assertEquals(Optional.empty(), gh.find("acme/widgets", "feat-closed"));
  }

  @Test
  @DisplayName("hosts is true for the configured host and github.com, false for local paths and other hosts")
  void hostsOnlyGitHubRepositories() {
    assertTrue(gh.hosts("http://github.localhost/acme/widgets.git"));
    assertTrue(gh.hosts("acme/widgets"));
    assertTrue(gh.hosts("git@github.com:acme/widgets.git"));
    assertFalse(gh.hosts("/srv/git/widgets.git"));
    assertFalse(gh.hosts("file:///srv/git/widgets.git"));
    assertFalse(gh.hosts("https://gitlab.example.com/acme/widgets.git"));
  }

  @Test
  @DisplayName("with no token configured, gh uses the user's login: the issue is read and the PR opened with it")
  void usesLoggedInGhWithoutToken() throws IOException {
    GhCli loggedIn = new GhCli(loggedInConfig().build());

    assertEquals("Add a plan", loggedIn.issue("acme/widgets", 7).title());
    PullRequest pr = loggedIn.open(new PullRequestSpec("acme/widgets", "feat-login", "main", "T", "B", false));

    assertFalse(pr.alreadyExisted());
    assertEquals("token " + LOGGED_IN_TOKEN, server.requests().get(0).authorization());
  }

  @Test
  @DisplayName("loggedInToken reads the token of a logged-in gh; empty when gh is not logged in")
  void readsLoggedInToken() throws IOException {
    assertEquals(Optional.of(LOGGED_IN_TOKEN), new GhCli(loggedInConfig().build()).loggedInToken());

    Path empty = Files.createDirectories(userConfig.resolve("empty"));
    GhConfig none = GhConfig.builder().ghPath(RealGh.require()).host(MockGitHubServer.HOST)
        .env("HOME", empty.toString()).build();
    assertEquals(Optional.empty(), new GhCli(none).loggedInToken());
  }

  private static final String LOGGED_IN_TOKEN = "gho_LoggedInTokenValue1234567890";

  /**
   * A user's HOME after {@code gh auth login}: {@code ~/.config/gh/hosts.yml} holds the token. Only
   * HOME is given (GH_CONFIG_DIR and XDG_CONFIG_HOME are not set), so gh finds it only if awo leaves gh's
   * own configuration alone.
   */
  private GhConfig.Builder loggedInConfig() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("GH_CONFIG_DIR") == null
        && System.getenv("XDG_CONFIG_HOME") == null, "gh's configuration must come from HOME for this test");
    Path ghDir = Files.createDirectories(userConfig.resolve(".config/gh"));
    Files.writeString(ghDir.resolve("hosts.yml"), MockGitHubServer.HOST + ":\n    oauth_token: " + LOGGED_IN_TOKEN
        + "\n    user: awo-bot\n    git_protocol: https\n");
    return GhConfig.builder().ghPath(RealGh.require()).host(MockGitHubServer.HOST)
        .env("HOME", userConfig.toString())
        .env("HTTP_PROXY", server.proxyUrl()).env("http_proxy", server.proxyUrl());
  }
}
