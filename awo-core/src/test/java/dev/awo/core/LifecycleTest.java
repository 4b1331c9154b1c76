package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.github.IssueDetails;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Work order lifecycle: issues, cancellation, follow-up prompts, metrics")
class LifecycleTest {
  @TempDir Path base;

  @Test
  @DisplayName("with an issue number the issue is fetched and folded into the first step's prompt")
  void issueFoldedIntoTask() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder()
        .issueSource((repo, n) -> new IssueDetails(n, "Crash on empty input", "Steps: run with ''", "open",
            List.of("bug"), repo + "/issues/" + n))
        .build()) {
      WorkOrder done = orchestrator.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "Fix it")
          .issueNumber(12).build());
      assertEquals(WorkOrderStatus.COMPLETED, done.status());
      assertEquals(12, done.issueNumber());
    }
    String prompt = h.agent.requests().get(0).prompt();
    assertTrue(prompt.contains("Fix it"), prompt);
    assertTrue(prompt.contains("GitHub issue #12: Crash on empty input"), prompt);
    assertTrue(prompt.contains("Steps: run with ''"), prompt);
  }

  @Test
  @DisplayName("an issue that cannot be read fails the work order before any step, with the reason")
  void unreadableIssueFails() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().issueSource((repo, n) -> {
      throw new dev.awo.spi.github.GitHubException.NotFound("Issue #" + n + " does not exist in acme/widgets");
    }).build()) {
      WorkOrder done = orchestrator.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").issueNumber(99).build());
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("Issue #99 does not exist"), done.errorMessage());
      assertEquals(0, orchestrator.stepHistory(done.id()).version());
      assertEquals(0, h.agent.requests().size());
    }
  }

  @Test
  @DisplayName("cancelling a running work order stops its agent, records the step as cancelled and cleans up")
  @Timeout(30)
  void cancelRunningWorkOrder() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch inside = new CountDownLatch(1);
    h.agent.hook(r -> {
      if (r.step().equals("implement")) {
        inside.countDown();
        try {
          new CountDownLatch(1).await(); // blocks until interrupted, like an agent process being killed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      WorkOrderId id = orchestrator.submit(Harness.request());
      assertTrue(inside.await(20, TimeUnit.SECONDS));
      assertTrue(orchestrator.cancel(id));
      IncrementalSaveTest.awaitTerminal(orchestrator, id);
      WorkOrder order = orchestrator.workOrder(id).orElseThrow();
      assertEquals(WorkOrderStatus.CANCELLED, order.status());
      StepResult last = orchestrator.stepHistory(id).latest().orElseThrow();
      assertEquals("implement", last.step());
      assertEquals(StepOutcome.CANCELLED, last.outcome());
      assertEquals(5, orchestrator.stepHistory(id).version());
      assertTrue(h.sandboxes.cleanedUp(id));
      assertFalse(orchestrator.cancel(id), "an ended work order cannot be cancelled again");
    }
  }

  @Test
  @DisplayName("a follow-up prompt resumes the last agent session in the kept sandbox and is saved as a step")
  void followUpPrompt() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().sandboxRetention(SandboxRetention.KEEP).build()) {
      WorkOrder done = orchestrator.run(Harness.request());
      StepResult reply = orchestrator.prompt(done.id(), "Also update the README");
      assertTrue(reply.succeeded());
      assertEquals("prompt", reply.step());
      var request = h.agent.requests().get(h.agent.requests().size() - 1);
      assertEquals("session-" + done.id(), request.resumeSessionId());
      assertEquals(h.sandboxes.sandbox(done.id()).workingDirectory(), request.workingDirectory());
      assertEquals(8, orchestrator.stepHistory(done.id()).version());
      assertEquals(8, h.histories.saved(done.id()).size());
      assertTrue(orchestrator.releaseSandbox(done.id()));
      assertTrue(h.sandboxes.cleanedUp(done.id()));
      assertNull(orchestrator.workOrder(done.id()).orElseThrow().sandboxPath());
      WorkOrderStateException gone = assertThrows(WorkOrderStateException.class,
          () -> orchestrator.prompt(done.id(), "more"));
      assertTrue(gone.getMessage().contains("sandbox"), gone.getMessage());
    }
  }

  @Test
  @DisplayName("a follow-up prompt for an unknown work order, or after the sandbox was cleaned up, is a clear error")
  void promptErrors() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      assertThrows(dev.awo.domain.UnknownWorkOrderException.class,
          () -> orchestrator.prompt(WorkOrderId.of("wo-0000beef"), "hi"));
      WorkOrder done = orchestrator.run(Harness.request());
      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> orchestrator.prompt(done.id(), "hi"));
      assertTrue(e.getMessage().contains("SandboxRetention.KEEP"), e.getMessage());
    }
  }

  @Test
  @DisplayName("metrics sum cost and tokens over the steps and carry the commits and diff measured at the end")
  void metrics() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      WorkOrder done = orchestrator.run(Harness.request());
      WorkOrderMetrics m = orchestrator.metrics(done.id());
      assertEquals(WorkOrderStatus.COMPLETED, m.outcome());
      assertEquals(0, new BigDecimal("0.07").compareTo(m.costUsd()));
      assertEquals(700, m.tokenUsage().inputTokens());
      assertEquals(7, m.stepDurations().size());
      assertEquals("0".repeat(40), m.baseCommit());
      assertEquals("1".repeat(40), m.headCommit());
      assertEquals(1, m.diffStats().filesChanged());
    }
  }
}
