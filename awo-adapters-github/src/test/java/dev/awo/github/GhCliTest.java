package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.github.mock.MockGitHubServer;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestSpec;
import dev.awo.spi.github.RepositoryInfo;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GhCli against the real gh and a mock GitHub API")
class GhCliTest extends MockGitHubTestBase {
  @Override
  void addFixtures() {
    server.addRepository("acme", "widgets.js", "trunk");
    server.addIssue("acme", "widgets", 7, "Add a plan", "The body\nwith two lines", "OPEN", List.of("bug", "good first issue"));
  }

  @Test
  @DisplayName("verify reads owner, name and default branch with one RepositoryInfo query")
  void verifiesRepository() {
    RepositoryInfo info = gh.verify("acme/widgets");

    assertEquals(new RepositoryInfo("acme", "widgets", "main", "http://github.localhost/acme/widgets"), info);
    assertEquals(List.of("RepositoryInfo"), server.operations());
  }

  @Test
  @DisplayName("a repository named with dots and given as a URL is verified whole")
  void verifiesDottedNameFromUrl() {
    RepositoryInfo info = gh.verify("http://github.localhost/acme/widgets.js.git");

    assertEquals("acme/widgets.js", info.fullName());
    assertEquals("trunk", info.defaultBranch());
  }

  @Test
  @DisplayName("the token reaches the API only as the Authorization header gh builds from GH_TOKEN")
  void tokenTravelsInHeader() {
    gh.verify("acme/widgets");

    assertEquals("token " + GhTestSupport.TOKEN, server.requests().get(0).authorization());
  }

  @Test
  @DisplayName("issue reads number, title, body, state, labels and URL")
  void readsIssue() {
    IssueDetails issue = gh.issue("acme/widgets", 7);

    assertEquals(new IssueDetails(7, "Add a plan", "The body\nwith two lines", "OPEN",
        List.of("bug", "good first issue"), "http://github.localhost/acme/widgets/issues/7"), issue);
    assertEquals(List.of("IssueByNumber"), server.operations());
  }

  @Test
  @DisplayName("open creates a pull request and returns its URL and number")
  void opensPullRequest() {
    PullRequest pr = gh.open(new PullRequestSpec("acme/widgets", "feat-7", "main", "Add a plan", "Closes #7", false));

    assertEquals(new PullRequest(100, "http://github.localhost/acme/widgets/pull/100", false), pr);
    MockGitHubServer.PullRequest created = server.createdPullRequests().get(0);
    assertEquals("feat-7", created.head());
    assertEquals("main", created.base());
    assertEquals("Add a plan", created.title());
    assertEquals("Closes #7", created.body());
    assertFalse(created.draft());
    assertEquals(List.of("RepositoryInfo", "PullRequestForBranch", "PullRequestCreate"), server.operations());
  }

  @Test
  @DisplayName("a draft pull request is opened as a draft")
  void opensDraft() {
    gh.open(new PullRequestSpec("acme/widgets", "feat-7", "main", "Draft it", "", true));

    assertTrue(server.createdPullRequests().get(0).draft());
  }

  @Test
  @DisplayName("titles and bodies that look like options are passed as text")
  void optionLikeTextStaysText() {
    gh.open(new PullRequestSpec("acme/widgets", "feat-7", "main", "--draft", "-x --repo=evil/repo\n--help", false));

    MockGitHubServer.PullRequest created = server.createdPullRequests().get(0);
    assertEquals("--draft", created.title());
    assertEquals("-x --repo=evil/repo\n--help", created.body());
    assertFalse(created.draft());
  }

  @Test
  @DisplayName("opening a pull request that already exists returns the existing one")
  void duplicatePullRequestReturnsExisting() {
    server.addPullRequest("acme", "widgets", 42, "feat-7", "main");

    PullRequest pr = gh.open(new PullRequestSpec("acme/widgets", "feat-7", "main", "Again", "", false));

    assertEquals(new PullRequest(42, "http://github.localhost/acme/widgets/pull/42", true), pr);
    assertTrue(server.createdPullRequests().isEmpty());
  }

  @Test
  @DisplayName("a retried open is harmless: the second call finds the first one's pull request")
  void retriedOpenIsHarmless() {
    PullRequestSpec spec = new PullRequestSpec("acme/widgets", "feat-7", "main", "Add a plan", "", false);
    PullRequest first = gh.open(spec);
    PullRequest second = gh.open(spec);

    assertEquals(first.number(), second.number());
    assertEquals(first.url(), second.url());
    assertTrue(second.alreadyExisted());
    assertEquals(1, server.createdPullRequests().size());
  }

  @Test
  @DisplayName("comment posts a comment and returns its id; update edits that same comment")
  void commentsAndUpdates() {
    long id = gh.comment("acme/widgets", 7, "first");
    gh.update("acme/widgets", id, "second");

    MockGitHubServer.Comment comment = server.comments().get(0);
    assertEquals(1, server.comments().size());
    assertEquals(id, comment.id());
    assertEquals(7, comment.issueNumber());
    assertEquals(List.of("first", "second"), comment.bodies());
  }

  @Test
  @DisplayName("comment bodies starting with '-' or '@' and spanning lines arrive verbatim")
  void commentBodyVerbatim() {
    String body = "- [x] step one\n@file --body=x\n`code` $(touch /tmp/x) 'quoted' \"dq\"";
    long id = gh.comment("acme/widgets", 7, body);
    gh.update("acme/widgets", id, "-" + body);

    assertEquals(List.of(body, "-" + body), server.comments().get(0).bodies());
  }
}
