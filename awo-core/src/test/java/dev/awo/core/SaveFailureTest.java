package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Save failures")
class SaveFailureTest {
  @TempDir Path base;

  @Test
  @DisplayName("a save that fails every other call is retried; the run completes with the whole history saved")
  void everyOtherCallFailsButRetriesSucceed() {
    Harness h = new Harness(base);
    h.histories.failWhen(call -> call % 2 == 1);
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      done = orchestrator.run(Harness.request());
      assertEquals(7, orchestrator.stepHistory(done.id()).version());
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertEquals(7, h.histories.saved().size());
    assertEquals(14, h.histories.calls());
    assertEquals(7, h.sleeps.size(), "each failed attempt backs off once through the injected sleeper");
    assertTrue(h.sleeps.stream().allMatch(Duration.ofMillis(100)::equals));
  }

  @Test
  @DisplayName("when every retry fails, listeners hear save_failed for each lost save, the run goes on and the next save heals the history")
  void exhaustedRetriesAreReportedAndTheRunContinues() {
    Harness h = new Harness(base);
    // with 2 attempts per save, calls 1-2 (version 1) and 4-5 (version 3) fail completely
    h.histories.failWhen(call -> call == 1 || call == 2 || call == 4 || call == 5);
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder()
        .saveRetryPolicy(SaveRetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(10)).build())
        .build()) {
      done = orchestrator.run(Harness.request());
      StepHistory stored = orchestrator.stepHistory(done.id());
      assertEquals(7, stored.version(), "later saves carry every earlier result");
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    List<WorkOrderEvent.SaveFailed> failures = h.events(WorkOrderEvent.SaveFailed.class);
    assertEquals(List.of(1L, 3L), failures.stream().map(WorkOrderEvent.SaveFailed::version).toList());
    assertTrue(failures.stream().allMatch(WorkOrderEvent.SaveFailed::runContinues));
    assertTrue(failures.get(0).error().contains("database unavailable"));
    assertEquals(List.of(2L, 4L, 5L, 6L, 7L), h.events(WorkOrderEvent.HistorySaved.class).stream()
        .map(e -> e.snapshot().version()).toList(), "listeners hear of saves that happened, and only those");
  }

  @Test
  @DisplayName("under the fail policy, a save that cannot be made fails the work order")
  void failPolicyFailsTheWorkOrder() {
    Harness h = new Harness(base);
    h.histories.failWhen(call -> call >= 3);
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder()
        .saveRetryPolicy(SaveRetryPolicy.builder().maxAttempts(3).build())
        .saveFailurePolicy(SaveFailurePolicy.FAIL_WORK_ORDER)
        .build()) {
      done = orchestrator.run(Harness.request());
    }
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertTrue(done.errorMessage().contains("could not be saved"), done.errorMessage());
    assertEquals(2, h.histories.saved().size());
    assertEquals(1, h.events(WorkOrderEvent.SaveFailed.class).size());
    assertFalse(h.events(WorkOrderEvent.SaveFailed.class).get(0).runContinues());
    assertTrue(h.sandboxes.cleanedUp(done.id()));
  }
}
