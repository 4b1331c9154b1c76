package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Incremental step history saves")
class IncrementalSaveTest {
  @TempDir Path base;

  @Test
  @DisplayName("a full run saves 7 times with 1..7 results, each snapshot holding all earlier results in order")
  void fullRunSavesSevenGrowingSnapshots() {
    Harness h = new Harness(base);
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      done = orchestrator.run(Harness.request());
    }
    List<StepHistory> saved = h.histories.saved(done.id());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), saved.stream().map(StepHistory::version).toList());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), saved.stream().map(StepHistory::size).toList());
    for (int i = 1; i < saved.size(); i++) {
      assertEquals(saved.get(i - 1).results(), saved.get(i).results().subList(0, i),
          "snapshot " + (i + 1) + " must start with every result of snapshot " + i);
    }
    assertEquals(DefaultWorkflow.STEPS, saved.get(6).results().stream().map(StepResult::step).toList());
    assertTrue(saved.get(6).results().stream().allMatch(StepResult::success));
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertEquals("feature-" + done.id() + "-add-flag", done.branchName());
    assertEquals("https://github.com/acme/widgets/pull/17", done.prUrl());
    assertNull(done.currentStep());
    assertNull(done.errorMessage());
    assertTrue(h.sandboxes.cleanedUp(done.id()));
  }

  @ParameterizedTest(name = "while the agent is inside step {0}, a reader sees {0} - 1 results and step {0} running")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  @Timeout(30)
  void readerSeesEarlierStepsWhileAgentIsInsideStepK(int k) throws Exception {
    Harness h = new Harness(base);
    String stepK = DefaultWorkflow.STEPS.get(k - 1);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.agent.hook(request -> {
      if (request.step().equals(stepK)) {
        inside.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      WorkOrderId id = orchestrator.submit(Harness.request());
      assertTrue(inside.await(20, TimeUnit.SECONDS), "the agent never reached step " + stepK);
      CompletableFuture<StepHistory> history = CompletableFuture.supplyAsync(() -> orchestrator.stepHistory(id));
      CompletableFuture<WorkOrder> order = CompletableFuture.supplyAsync(() -> orchestrator.workOrder(id).orElseThrow());
      StepHistory seen = history.get(10, TimeUnit.SECONDS);
      assertEquals(k - 1, seen.size());
      assertEquals(DefaultWorkflow.STEPS.subList(0, k - 1), seen.results().stream().map(StepResult::step).toList());
      assertEquals(WorkOrderStatus.RUNNING, order.get(10, TimeUnit.SECONDS).status());
      assertEquals(stepK, order.get().currentStep());
      release.countDown();
      awaitTerminal(orchestrator, id);
      assertEquals(7, orchestrator.stepHistory(id).size());
    }
  }

  @ParameterizedTest(name = "a failure at step {0} saves {0} times and fails the work order naming the step")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void failureAtStepK(int k) {
    Harness h = new Harness(base);
    String stepK = DefaultWorkflow.STEPS.get(k - 1);
    h.agent.failing(stepK);
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      done = orchestrator.run(Harness.request());
    }
    List<StepHistory> saved = h.histories.saved(done.id());
    assertEquals(IntStream.rangeClosed(1, k).asLongStream().boxed().toList(),
        saved.stream().map(StepHistory::version).toList());
    StepResult last = saved.get(k - 1).latest().orElseThrow();
    assertEquals(stepK, last.step());
    assertFalse(last.succeeded());
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertTrue(done.errorMessage().contains(stepK), done.errorMessage());
    assertTrue(h.sandboxes.cleanedUp(done.id()), "the sandbox must be cleaned up on failure");
    List<String> order = h.events.stream()
        .filter(e -> e instanceof WorkOrderEvent.HistorySaved || e instanceof WorkOrderEvent.StatusChanged s
            && s.current() == WorkOrderStatus.FAILED)
        .map(WorkOrderEvent::name).toList();
    assertEquals("status_changed", order.get(order.size() - 1), "the status turns failed after the last save");
    assertEquals(k, order.stream().filter("step_history_saved"::equals).count());
  }

  @Test
  @DisplayName("the history of a work order is empty, not an error, before its first step ends")
  @Timeout(30)
  void historyEmptyBeforeFirstStep() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.agent.hook(r -> {
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      WorkOrderId id = orchestrator.submit(Harness.request());
      assertTrue(inside.await(20, TimeUnit.SECONDS));
      StepHistory empty = orchestrator.stepHistory(id);
      assertEquals(0, empty.version());
      assertTrue(empty.isEmpty());
      release.countDown();
      awaitTerminal(orchestrator, id);
    }
  }

  static void awaitTerminal(WorkflowOrchestrator orchestrator, WorkOrderId id) throws Exception {
    orchestrator.completion(id).get(60, java.util.concurrent.TimeUnit.SECONDS);
  }
}
