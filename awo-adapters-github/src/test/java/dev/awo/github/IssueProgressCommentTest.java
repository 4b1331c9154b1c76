package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.github.mock.MockGitHubServer;
import dev.awo.github.mock.MockGitHubServer.Failure;
import dev.awo.spi.github.GitHubException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("IssueProgressComment through whole simulated runs, posted by the real gh to the mock API")
class IssueProgressCommentTest extends MockGitHubTestBase {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final WorkOrderId ID = WorkOrderId.of("wo-1a2b3c4d");
  static final String PR = "http://github.localhost/acme/widgets/pull/100";

  @Test
  @DisplayName("a successful run leaves one comment, created once then edited, with 7 ticked steps, durations, PR and cost")
  void successfulRun() {
    try (IssueProgressComment progress = new IssueProgressComment(gh, SimulatedRun.STEPS)) {
      SimulatedRun run = new SimulatedRun(progress, ID, "http://github.localhost/acme/widgets", 7)
          .status(WorkOrderStatus.RUNNING);
      double[] seconds = {0.85, 12.3, 2.0, 1.5, 95, 3.25, 4.0};
      for (int i = 0; i < 7; i++) {
        run.step(i, seconds[i], "0.0100", null);
        progress.flush(WAIT); // let each step's update reach GitHub, as a real run's pace would
      }
      run.finish(WorkOrderStatus.COMPLETED, PR, null);
      assertTrue(progress.flush(WAIT));
      assertEquals(0, progress.failureCount());
    }

    assertEquals(1, server.comments().size(), "exactly one comment");
    MockGitHubServer.Comment comment = server.comments().get(0);
    assertEquals(7, comment.issueNumber());
    assertTrue(comment.edits() >= 1, "edited after creation");
    long creates = server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/comments")).count();
    assertEquals(1, creates, "created once");
    String body = comment.body();
    assertEquals(7, body.lines().filter(l -> l.startsWith("- [x] ")).count(), body);
    assertTrue(body.contains("- [x] `classify` (850 ms)"), body);
    assertTrue(body.contains("- [x] `plan` (12.3 s)"), body);
    assertTrue(body.contains("- [x] `implement` (1 min 35 s)"), body);
    assertTrue(body.contains("- [x] `create_pr` (4.0 s)"), body);
    assertTrue(body.contains("**Pull request:** " + PR), body);
    assertTrue(body.contains("**Cost:** $0.0700"), body);
    assertTrue(body.contains("Completed"), body);
    assertTrue(body.contains(ID.value()), body);
  }

  @Test
  @DisplayName("a failing run marks the failing step with its short, redacted error and leaves later steps open")
  void failingRun() {
    String error = "agent exited with code 1: push rejected for https://x:ghp_abcdefghijklmnopqrstuvwx12@github.com\nstack line 2";
    try (IssueProgressComment progress = new IssueProgressComment(gh, SimulatedRun.STEPS)) {
      new SimulatedRun(progress, ID, "acme/widgets", 7)
          .status(WorkOrderStatus.RUNNING)
          .step(0, 1, "0.01", null)
          .step(1, 2, "0.02", null)
          .step(2, 3, null, null)
          .step(3, 1, "0.005", null)
          .step(4, 10, "0.5", error)
          .finish(WorkOrderStatus.FAILED, null, "step implement failed");
      assertTrue(progress.flush(WAIT));
    }

    assertEquals(1, server.comments().size());
    String body = server.comments().get(0).body();
    assertEquals(4, body.lines().filter(l -> l.startsWith("- [x] ")).count(), body);
    String failed = body.lines().filter(l -> l.contains("`implement`")).findFirst().orElseThrow();
    assertTrue(failed.startsWith("- [ ] `implement` ❌ failed after 10.0 s: `agent exited with code 1"), failed);
    assertFalse(body.contains("ghp_abcdefghijklmnopqrstuvwx12"), body);
    assertFalse(body.contains("stack line 2"), body);
    assertTrue(body.contains("- [ ] `commit`\n"), body);
    assertTrue(body.contains("- [ ] `create_pr`\n"), body);
    assertTrue(body.contains("Failed"), body);
    assertTrue(body.contains("**Cost:** $0.5350"), body);
    assertFalse(body.contains("Pull request"), body);
  }

  @Test
  @DisplayName("a comment API that fails is reported and counted, never thrown, and the next update retries")
  void commentFailuresAreReported() {
    List<IssueProgressComment.Failure> failures = new CopyOnWriteArrayList<>();
    server.failNext(Failure.SERVER_ERROR, MockGitHubServer.commentRequests(), 1);
    try (IssueProgressComment progress = new IssueProgressComment(gh, SimulatedRun.STEPS, failures::add)) {
      SimulatedRun run = new SimulatedRun(progress, ID, "acme/widgets", 7).status(WorkOrderStatus.RUNNING);
      assertTrue(progress.flush(WAIT));
      run.step(0, 1, null, null);
      assertTrue(progress.flush(WAIT));
      server.failAlways(Failure.RATE_LIMITED, MockGitHubServer.commentRequests());
      run.step(1, 1, null, null).finish(WorkOrderStatus.COMPLETED, PR, null);
      assertTrue(progress.flush(WAIT));

      // the two updates after the rate limit may be coalesced into one post or not: 2 or 3 failures
      assertTrue(progress.failureCount() >= 2, "failures: " + progress.failureCount());
      assertEquals(progress.failureCount(), failures.size(), "every failure reaches the handler");
      assertEquals(GitHubException.class, failures.get(0).error().getClass());
      assertTrue(failures.subList(1, failures.size()).stream()
          .allMatch(f -> f.error() instanceof GitHubException.RateLimited), "later failures: " + failures);
      assertEquals(ID, failures.get(0).workOrderId());
      assertEquals(7, failures.get(0).issueNumber());
    }
    assertEquals(1, server.comments().size(), "the retry after the failed create made the only comment");
    assertTrue(server.comments().get(0).body().contains("- [x] `classify`"));
  }

  @Test
  @DisplayName("a work order without an issue gets no comment")
  void noIssueNoComment() {
    try (IssueProgressComment progress = new IssueProgressComment(gh, SimulatedRun.STEPS)) {
      new SimulatedRun(progress, ID, "acme/widgets", null).status(WorkOrderStatus.RUNNING).step(0, 1, null, null)
          .finish(WorkOrderStatus.COMPLETED, PR, null);
      assertTrue(progress.flush(WAIT));
      assertEquals(0, progress.postCount());
    }
    assertTrue(server.requests().isEmpty());
  }
}
