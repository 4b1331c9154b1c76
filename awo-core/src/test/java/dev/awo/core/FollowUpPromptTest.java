package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Follow-up prompts go through the same step machinery as every agent step")
class FollowUpPromptTest {
  @TempDir Path base;

  @Test
  @DisplayName("a second prompt while one runs is refused with WorkOrderStateException, not blocked")
  @Timeout(60)
  void concurrentPromptRefused() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.agent.hook(r -> {
      if (r.step().equals("prompt")) {
        inside.countDown();
        Latches.await(release);
      }
    });
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP).build()) {
      WorkOrder done = o.run(Harness.request());
      CompletableFuture<StepResult> first = CompletableFuture.supplyAsync(() -> o.prompt(done.id(), "first"));
      assertTrue(inside.await(20, TimeUnit.SECONDS));
      CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> {
        try {
          o.prompt(done.id(), "second");
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      Throwable refused = second.get(20, TimeUnit.SECONDS); // a blocked second prompt would time out here
      release.countDown();
      assertTrue(refused instanceof WorkOrderStateException, "refused: " + refused);
      assertTrue(refused.getMessage().contains("still running"), refused.getMessage());
      assertTrue(first.get(20, TimeUnit.SECONDS).succeeded());
      assertEquals(8, o.stepHistory(done.id()).version());
    }
  }

  @Test
  @DisplayName("a prompt whose save fails under FAIL_WORK_ORDER fails the work order and throws; listeners agree")
  void saveFailureFailsTheWorkOrder() {
    Harness h = new Harness(base);
    h.histories.failWhen(call -> call > 7);
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP)
        .saveFailurePolicy(SaveFailurePolicy.FAIL_WORK_ORDER)
        .saveRetryPolicy(SaveRetryPolicy.builder().maxAttempts(2).build()).build()) {
      WorkOrder done = o.run(Harness.request());
      assertEquals(WorkOrderStatus.COMPLETED, done.status());
      HistoryNotSavedException e = assertThrows(HistoryNotSavedException.class, () -> o.prompt(done.id(), "more"));
      assertTrue(e.getMessage().contains("'prompt'"), e.getMessage());
      WorkOrder after = o.workOrder(done.id()).orElseThrow();
      assertEquals(WorkOrderStatus.FAILED, after.status());
      assertTrue(after.errorMessage().contains("could not be saved"), after.errorMessage());
      assertEquals(7, o.stepHistory(done.id()).version());
      List<WorkOrderEvent.SaveFailed> failed = h.events(WorkOrderEvent.SaveFailed.class);
      assertEquals(1, failed.size());
      assertFalse(failed.get(0).runContinues(), "listeners are told the work order does not go on");
      WorkOrderEvent.StatusChanged last = h.events(WorkOrderEvent.StatusChanged.class)
          .get(h.events(WorkOrderEvent.StatusChanged.class).size() - 1);
      assertEquals(WorkOrderStatus.FAILED, last.current());
    }
  }

  @Test
  @DisplayName("under CONTINUE a prompt whose save failed returns its result and listeners hear save_failed")
  void saveFailureContinues() {
    Harness h = new Harness(base);
    h.histories.failWhen(call -> call > 7);
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP)
        .saveRetryPolicy(SaveRetryPolicy.builder().maxAttempts(2).build()).build()) {
      WorkOrder done = o.run(Harness.request());
      StepResult reply = o.prompt(done.id(), "more");
      assertTrue(reply.succeeded());
      assertEquals(WorkOrderStatus.COMPLETED, o.workOrder(done.id()).orElseThrow().status());
      assertTrue(h.events(WorkOrderEvent.SaveFailed.class).get(0).runContinues());
    }
  }

  @Test
  @DisplayName("a failing agent gives a failed prompt step, mapped, saved and announced like a node's")
  void failedPromptIsMappedLikeANode() {
    Harness h = new Harness(base);
    h.agent.failing("prompt");
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP).build()) {
      WorkOrder done = o.run(Harness.request());
      StepResult reply = o.prompt(done.id(), "more");
      assertEquals(StepOutcome.FAILED, reply.outcome());
      assertEquals("prompt failed: scripted failure of prompt", reply.errorMessage());
      assertEquals(reply, o.stepHistory(done.id()).latest().orElseThrow());
      List<WorkOrderEvent.StepStarted> started = h.events(WorkOrderEvent.StepStarted.class);
      assertEquals("prompt", started.get(started.size() - 1).step());
      assertEquals(reply, h.events(WorkOrderEvent.HistorySaved.class).get(7).result());
      assertEquals(null, o.workOrder(done.id()).orElseThrow().currentStep());
    }
  }
}
