package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The default workflow on Temporal saves like the embedded engine")
@Timeout(120)
class DefaultWorkflowOnTemporalTest {
  @TempDir Path base;

  @Test
  @DisplayName("seven saves with 1..7 results, each saved before the next step's agent is called, versions 1..7")
  void sevenSavesInOrder() throws Exception {
    Map<String, Integer> seenAtCall = new ConcurrentHashMap<>();
    try (TemporalHarness t = new TemporalHarness(base, b -> b)) {
      t.host.agent.hook(r -> seenAtCall.put(r.step(),
          t.host.histories.find(r.workOrderId()).map(StepHistory::size).orElse(0)));
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      List<StepHistory> saves = t.host.histories.saved(id);
      assertEquals(7, saves.size());
      for (int i = 0; i < 7; i++) {
        assertEquals(i + 1, saves.get(i).size());
        assertEquals(i + 1, saves.get(i).version());
        assertEquals(DefaultWorkflow.STEPS.get(i), saves.get(i).results().get(i).step());
      }
      for (int i = 0; i < 7; i++) {
        assertEquals(i, seenAtCall.get(DefaultWorkflow.STEPS.get(i)),
            "when " + DefaultWorkflow.STEPS.get(i) + " started, the results saved before it");
      }
      List<Long> announced = t.host.events(WorkOrderEvent.HistorySaved.class).stream()
          .map(e -> e.snapshot().version()).toList();
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), announced);
      assertEquals(WorkOrderStatus.COMPLETED, t.host.events(WorkOrderEvent.StatusChanged.class).stream()
          .reduce((a, b) -> b).orElseThrow().current());
      assertTrue(done.branchName().startsWith("feature-"), done.branchName());
      assertTrue(t.host.sandboxes.cleanedUp(id));
    }
  }

  @Test
  @DisplayName("a failure at step 4 saves 4 results and fails the work order naming the step")
  void failureAtStepK() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, b -> b)) {
      t.host.agent.failing("generate_branch");
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("step 'generate_branch' failed"), done.errorMessage());
      StepHistory history = t.orders.stepHistory(id);
      assertEquals(4, history.size());
      assertEquals(StepOutcome.FAILED, history.latest("generate_branch").orElseThrow().outcome());
      assertEquals(4, t.host.histories.saved(id).size());
      assertFalse(history.latest("implement").isPresent());
    }
  }
}
