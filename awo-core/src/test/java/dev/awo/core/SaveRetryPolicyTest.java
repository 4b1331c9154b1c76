package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Save retries")
class SaveRetryPolicyTest {
  @TempDir Path base;

  /** A run whose store is down from the first save for {@code outage} of clock time; the sleeper moves the clock. */
  private static WorkOrder runThroughOutage(Harness h, Duration outage, SaveRetryPolicy policy, List<Duration> waits) {
    Instant[] down = new Instant[1];
    h.histories.failWhen(call -> {
      Instant now = h.clock.instant();
      if (down[0] == null) {
        down[0] = now;
      }
      return now.isBefore(down[0].plus(outage));
    });
    WorkflowOrchestratorBuilder builder = h.builder().sleeper(d -> {
      waits.add(d);
      h.clock.advance(d);
    });
    if (policy != null) {
      builder.saveRetryPolicy(policy);
    }
    try (WorkflowOrchestrator orchestrator = builder.saveFailurePolicy(SaveFailurePolicy.FAIL_WORK_ORDER).build()) {
      return orchestrator.run(Harness.request());
    }
  }

  @Test
  @DisplayName("the default rides out a 30 s store outage: capped exponential waits, no step lost, no real sleeping")
  void defaultRidesOutThirtySeconds() {
    Harness h = new Harness(base);
    List<Duration> waits = new CopyOnWriteArrayList<>();
    WorkOrder done = runThroughOutage(h, Duration.ofSeconds(30), null, waits);
    assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
    assertTrue(h.events(WorkOrderEvent.SaveFailed.class).isEmpty());
    assertEquals(7, h.histories.find(done.id()).orElseThrow().version());
    Duration waited = waits.stream().reduce(Duration.ZERO, Duration::plus);
    assertTrue(waited.compareTo(Duration.ofSeconds(29)) > 0, "waited " + waited);
    assertEquals(Duration.ofMillis(100), waits.get(0));
    assertTrue(waits.stream().allMatch(w -> w.compareTo(Duration.ofSeconds(5)) <= 0), "capped at 5 s: " + waits);
  }

  @Test
  @DisplayName("past its time budget a save gives up, and the event counts the attempts really made")
  void budgetEndsRetries() {
    Harness h = new Harness(base);
    List<Duration> waits = new CopyOnWriteArrayList<>();
    SaveRetryPolicy tenSeconds = SaveRetryPolicy.builder().initialInterval(Duration.ofSeconds(1))
        .backoffCoefficient(1.0).timeBudget(Duration.ofSeconds(10)).build();
    WorkOrder done = runThroughOutage(h, Duration.ofHours(1), tenSeconds, waits);
    assertEquals(WorkOrderStatus.FAILED, done.status());
    WorkOrderEvent.SaveFailed failed = h.events(WorkOrderEvent.SaveFailed.class).get(0);
    assertEquals(waits.size() + 1, failed.attempts());
    Duration waited = waits.stream().reduce(Duration.ZERO, Duration::plus);
    assertTrue(waited.compareTo(Duration.ofSeconds(10)) <= 0, "stayed within the budget: " + waited);
  }

  @Test
  @DisplayName("the builder keeps the old method names working and refuses a maximum below the initial interval")
  void builder() {
    @SuppressWarnings("deprecation")
    SaveRetryPolicy old = SaveRetryPolicy.builder().maxAttempts(4).initialDelay(Duration.ofMillis(20)).multiplier(3.0)
        .maxDelay(Duration.ofSeconds(1)).build();
    RetryPolicy b = old.backoff();
    assertEquals(List.of(4, Duration.ofMillis(20), 3.0, Duration.ofSeconds(1)),
        List.of(b.maximumAttempts(), b.initialInterval(), b.backoffCoefficient(), b.maximumInterval()));
    @SuppressWarnings("deprecation")
    SaveRetryPolicy fourValues = new SaveRetryPolicy(4, Duration.ofMillis(20), 3.0, Duration.ofSeconds(1));
    assertEquals(old, fourValues);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> SaveRetryPolicy.builder()
        .initialInterval(Duration.ofSeconds(10)).maximumInterval(Duration.ofSeconds(1)).build());
    assertEquals("maximumInterval", e.field());
  }
}
