package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static dev.awo.core.dag.Dags.gate;
import static dev.awo.core.dag.Dags.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cancellation tells the truth: pending, racing the end, right after a gate opens")
@Timeout(120)
class CancelTruthTest {
  @TempDir Path base;

  private static final WorkflowDefinition TWO_STEPS = WorkflowDefinition.builder("two")
      .node(agent("plan")).node(agent("implement")).edge("plan", "implement").build();

  private static final WorkflowDefinition GATED = WorkflowDefinition.builder("gated")
      .node(agent("plan")).node(gate("approve", "Ship it?")).node(agent("implement"))
      .edge("plan", "approve").edge("approve", "implement").build();

  private static WorkOrderRequest request(String workflow) {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").workflow(workflow).build();
  }

  /** Holds submitted tasks until the test runs them: a busy executor whose queue has the run. */
  private static final class HeldExecutor implements Executor {
    final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    void runAll() {
      for (Runnable next = held.poll(); next != null; next = held.poll()) {
        next.run();
      }
    }
  }

  @Test
  @DisplayName("a pending work order is cancelled at once, in the store and to listeners, and its queued run never starts")
  void pendingIsCancelledAtOnce() throws Exception {
    Harness h = new Harness(base);
    FunctionAgent agent = FunctionAgent.echo();
    HeldExecutor executor = new HeldExecutor();
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(TWO_STEPS).executor(executor).build()) {
      WorkOrderId id = o.submit(request("two"));
      assertEquals(WorkOrderStatus.PENDING, o.workOrder(id).orElseThrow().status());

      assertTrue(o.cancel(id));
      assertEquals(WorkOrderStatus.CANCELLED, o.workOrder(id).orElseThrow().status(), "the store, right after cancel()");
      WorkOrder done = o.completion(id).get(10, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      assertEquals(List.of(WorkOrderStatus.CANCELLED), statuses(h, id), "what listeners heard");

      executor.runAll(); // the worker finally dequeues the run
      assertEquals(List.of(), agent.steps(), "no agent ran");
      assertEquals(0, h.sandboxes.created(), "no sandbox was made");
      assertEquals(WorkOrderStatus.CANCELLED, o.workOrder(id).orElseThrow().status());
      assertEquals(List.of(WorkOrderStatus.CANCELLED), statuses(h, id));
      assertFalse(o.cancel(id), "a second cancel of an ended work order");
    }
  }

  @Test
  @DisplayName("a cancel after the last step was saved comes too late: cancel() says false and the run ends completed")
  void cancelAfterTheLastSaveLoses() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch measuring = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    SandboxFactory slowToMeasure = request -> new SlowDiff(h.sandboxes.create(request), measuring, goOn);
    try (WorkflowOrchestrator o = Dags.builder(h, FunctionAgent.echo()).workflow(TWO_STEPS)
        .sandboxFactory(slowToMeasure).build()) {
      WorkOrderId id = o.submit(request("two"));
      assertTrue(Latches.await(measuring), "the run measures its diff after its last step");
      assertEquals(2, o.stepHistory(id).version(), "both steps are saved");

      boolean cancelled = o.cancel(id);
      goOn.countDown();
      WorkOrder done = o.completion(id).get(30, TimeUnit.SECONDS);

      assertFalse(cancelled, "cancel() after the last save");
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals("plan=succeeded implement=succeeded", outcomes(o.stepHistory(id)));
      assertEquals(WorkOrderStatus.COMPLETED, last(statuses(h, id)));
    }
  }

  @Test
  @DisplayName("50 cancels racing the end of a run: cancel(), the history, the store and the listeners always agree")
  void cancelRacingTheEndAgrees() throws Exception {
    for (int round = 0; round < 50; round++) {
      Harness h = new Harness(base.resolve("r" + round));
      try (WorkflowOrchestrator o = Dags.builder(h, FunctionAgent.echo()).workflow(TWO_STEPS).build()) {
        AtomicReference<Boolean> answer = new AtomicReference<>();
        WorkOrderId id = o.submit(request("two"));
        long until = System.nanoTime() + round * 20_000L; // 0 to 1 ms into the run
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        answer.set(o.cancel(id));
        WorkOrder done = o.completion(id).get(30, TimeUnit.SECONDS);
        String history = outcomes(o.stepHistory(id));
        String seen = "round " + round + ": cancel()=" + answer.get() + " status=" + done.status() + " history=" + history;
        assertEquals(answer.get() ? WorkOrderStatus.CANCELLED : WorkOrderStatus.COMPLETED, done.status(), seen);
        assertEquals(done.status(), o.workOrder(id).orElseThrow().status(), seen);
        assertEquals(done.status(), last(statuses(h, id)), seen);
        assertEquals(1, statuses(h, id).stream().filter(WorkOrderStatus::isTerminal).count(), seen);
        if (!answer.get()) {
          assertEquals("plan=succeeded implement=succeeded", history, seen);
        }
      }
    }
  }

  @Test
  @DisplayName("a cancel issued right after the waiting event is never lost (50 tries, half of them from a listener on the run's own thread)")
  void cancelRightAfterWaitingIsNeverLost() throws Exception {
    for (int round = 0; round < 50; round++) {
      Harness h = new Harness(base.resolve("w" + round));
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      AtomicReference<WorkflowOrchestrator> self = new AtomicReference<>();
      WorkOrderListener cancelOnWaiting = new WorkOrderListener() {
        @Override
        public void onEvent(WorkOrderEvent event) {
          if (event instanceof WorkOrderEvent.StatusChanged s && s.current() == WorkOrderStatus.WAITING) {
            answer.complete(self.get().cancel(s.workOrderId()));
          }
        }
      };
      WorkflowOrchestratorBuilder builder = Dags.builder(h, FunctionAgent.echo()).workflow(GATED).listener(cancelOnWaiting);
      if (round % 2 == 0) {
        builder.listenerExecutor(Runnable::run); // the listener hears the event before the run has parked
      }
      try (WorkflowOrchestrator o = builder.build()) {
        self.set(o);
        WorkOrderId id = o.submit(request("gated"));
        assertTrue(answer.get(10, TimeUnit.SECONDS), "round " + round + ": cancel() of a waiting work order");
        WorkOrder done;
        try {
          done = o.completion(id).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("round " + round + ": the cancel was lost, the work order is "
              + o.workOrder(id).orElseThrow().status(), e);
        }
        assertEquals(WorkOrderStatus.CANCELLED, done.status(), "round " + round);
        assertEquals("plan=succeeded approve=cancelled", outcomes(o.stepHistory(id)), "round " + round);
        assertEquals(WorkOrderStatus.CANCELLED, o.workOrder(id).orElseThrow().status());
      }
    }
  }

  private static List<WorkOrderStatus> statuses(Harness h, WorkOrderId id) {
    return h.events(WorkOrderEvent.StatusChanged.class).stream().filter(e -> e.workOrderId().equals(id))
        .map(WorkOrderEvent.StatusChanged::current).toList();
  }

  private static WorkOrderStatus last(List<WorkOrderStatus> statuses) {
    return statuses.get(statuses.size() - 1);
  }

  /** A sandbox whose diff takes until the test lets it go on, after saying that it started. */
  private record SlowDiff(Sandbox inner, CountDownLatch measuring, CountDownLatch goOn) implements Sandbox {
    @Override public WorkOrderId workOrderId() { return inner.workOrderId(); }
    @Override public Path workingDirectory() { return inner.workingDirectory(); }
    @Override public String baseCommit() { return inner.baseCommit(); }
    @Override public Optional<String> currentBranch() { return inner.currentBranch(); }
    @Override public String headCommit() { return inner.headCommit(); }
    @Override public Optional<String> commitAll(String message) { return inner.commitAll(message); }
    @Override public void pushBranch(String branch) { inner.pushBranch(branch); }
    @Override public void cleanUp() { inner.cleanUp(); }

    @Override
    public DiffStats diffStats() {
      measuring.countDown();
      Latches.await(goOn);
      return inner.diffStats();
    }
  }
}
