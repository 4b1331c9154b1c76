package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.github.IssueCommenter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("IssueProgressComment coalesces updates on its own thread")
class IssueProgressCoalescingTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** An in-memory commenter whose first call blocks until released. */
  static final class GatedCommenter implements IssueCommenter {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Thread caller;

    @Override
    public long comment(String repositoryUrl, int issueNumber, String body) {
      caller = Thread.currentThread();
      calls.add("create " + issueNumber + ":" + body);
      entered.countDown();
      await(release);
      return 55;
    }

    @Override
    public void update(String repositoryUrl, long commentId, String body) {
      calls.add("update " + commentId + ":" + body);
    }

    private static void await(CountDownLatch latch) {
      try {
        assertTrue(latch.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName("events return while a post is in flight, and everything that arrived meanwhile is posted as one edit")
  void coalescesWhileInFlight() throws Exception {
    GatedCommenter commenter = new GatedCommenter();
    try (IssueProgressComment progress = new IssueProgressComment(commenter, SimulatedRun.STEPS)) {
      SimulatedRun run = new SimulatedRun(progress, WorkOrderId.of("wo-00000001"), "acme/widgets", 3)
          .status(WorkOrderStatus.RUNNING);
      assertTrue(commenter.entered.await(30, TimeUnit.SECONDS));

      for (int i = 0; i < 7; i++) {
        run.step(i, 1, "0.10", null); // returns although the commenter is blocked
      }
      run.finish(WorkOrderStatus.COMPLETED, "https://github.com/acme/widgets/pull/9", null);
      commenter.release.countDown();
      assertTrue(progress.flush(WAIT));

      assertEquals(2, commenter.calls.size(), commenter.calls.toString());
      assertTrue(commenter.calls.get(0).startsWith("create 3:"));
      String last = commenter.calls.get(1);
      assertTrue(last.startsWith("update 55:"), last);
      assertEquals(7, last.lines().filter(l -> l.startsWith("- [x] ")).count(), last);
      assertTrue(last.contains("https://github.com/acme/widgets/pull/9"), last);
      assertTrue(last.contains("**Cost:** $0.70"), last);
      assertTrue(commenter.caller.getName().startsWith("awo-issue-progress"));
      assertEquals(2, progress.postCount());
    }
  }

  @Test
  @DisplayName("a commenter that throws unchecked errors never reaches the caller of onEvent")
  void throwingCommenterIsContained() {
    IssueCommenter broken = new IssueCommenter() {
      @Override
      public long comment(String repositoryUrl, int issueNumber, String body) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void update(String repositoryUrl, long commentId, String body) {
        throw new IllegalStateException("boom");
      }
    };
    try (IssueProgressComment progress = new IssueProgressComment(broken, SimulatedRun.STEPS, f -> {
      throw new IllegalArgumentException("a failing failure handler is contained too");
    })) {
      new SimulatedRun(progress, WorkOrderId.of("wo-00000002"), "acme/widgets", 3)
          .status(WorkOrderStatus.RUNNING).step(0, 1, null, null).finish(WorkOrderStatus.COMPLETED, null, null);
      assertTrue(progress.flush(WAIT));
      assertTrue(progress.failureCount() >= 1);
    }
  }

  @Test
  @DisplayName("events after close are ignored without throwing")
  void eventsAfterCloseIgnored() {
    GatedCommenter commenter = new GatedCommenter();
    commenter.release.countDown();
    IssueProgressComment progress = new IssueProgressComment(commenter, SimulatedRun.STEPS);
    progress.close();
    new SimulatedRun(progress, WorkOrderId.of("wo-00000003"), "acme/widgets", 3).status(WorkOrderStatus.RUNNING);
    assertTrue(commenter.calls.isEmpty());
  }
}
