package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.internal.EngineParts;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow's side of a lost worker, in virtual time: the first set-up answers with a worker
 * queue nobody polls (the worker is gone), so the first attempt of {@code write} is never started
 * and times out (schedule-to-start); the run moves to the worker that polls, records that attempt
 * interrupted with the embedded engine's message, and its retry policy decides what comes next.
 */
@DisplayName("A lost worker's attempt is recorded interrupted; the node's retry policy decides the next attempt")
@Timeout(60)
class LostWorkerTest {
  @TempDir Path base;

  private static WorkflowDefinition workflow(RetryPolicy retry) {
    return WorkflowDefinition.builder("lost")
        .node(NodeDefinition.agentCall("write", "generic").arguments("$context.task").retry(retry).build())
        .node(NodeDefinition.agentCall("read", "generic").arguments("$context.task").build())
        .edge("write", "read").build();
  }

  /** The first set-up hands the run to {@code gone}, a queue no worker polls; later ones to this worker's own queue. */
  private record FirstWorkerLost(WorkOrderActivities delegate, AtomicBoolean lost) implements WorkOrderActivities {
    @Override public SetUp setUp(String id, String workflow) {
      SetUp setUp = delegate.setUp(id, workflow);
      return lost.compareAndSet(false, true) ? new SetUp("gone", setUp.context()) : setUp;
    }
    @Override public StepDone runNode(String id, String node, int attempt) { return delegate.runNode(id, node, attempt); }
    @Override public StepDone recordInterrupted(String id, String node, int losses) {
      return delegate.recordInterrupted(id, node, losses);
    }
    @Override public StepDone recordCondition(String id, String node, String value) {
      return delegate.recordCondition(id, node, value);
    }
    @Override public void recordSkipped(String id, List<String> nodes) { delegate.recordSkipped(id, nodes); }
    @Override public void openGate(String id, String node) { delegate.openGate(id, node); }
    @Override public StepDone decideGate(String id, String node, boolean approved, String reason) {
      return delegate.decideGate(id, node, approved, reason);
    }
    @Override public void abandonGate(String id, String node, boolean cancelled) { delegate.abandonGate(id, node, cancelled); }
    @Override public void park(String id, List<String> gates) { delegate.park(id, gates); }
    @Override public void finish(String id, String status, String error) { delegate.finish(id, status, error); }
  }

  private record Ended(WorkOrder order, List<String> steps, Map<String, Integer> calls) {}

  private Ended run(RetryPolicy retry) throws Exception {
    Harness host = new Harness(base);
    Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
    FunctionAgent agent = new FunctionAgent(r -> {
      calls.merge(r.step(), 1, Integer::sum);
      return "done";
    });
    var ports = host.builder().agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(workflow(retry));
    EngineParts engine = ports.engineParts(Runnable::run);
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      TemporalOptions options = TemporalHarness.OPTIONS.toBuilder().workerLostTimeout(java.time.Duration.ofSeconds(2)).build();
      WorkOrderActivitiesImpl activities = new WorkOrderActivitiesImpl(new WorkerRuns(engine), "own",
          Executors.newSingleThreadScheduledExecutor(), options);
      Worker shared = env.newWorker(options.taskQueue(), TemporalHarness.WORKER_OPTIONS);
      shared.registerWorkflowImplementationFactory(AwoWorkflow.class, () -> new AwoWorkflowImpl(engine.workflows(), options));
      shared.registerActivitiesImplementations(new FirstWorkerLost(activities, new AtomicBoolean()));
      env.newWorker("own", TemporalHarness.WORKER_OPTIONS).registerActivitiesImplementations(activities);
      env.start();
      TemporalWorkOrders orders = TemporalWorkOrders.create(env.getWorkflowClient(), ports, options);
      WorkOrderId id = orders.submit(TemporalHarness.request("lost"));
      env.getWorkflowClient().newUntypedWorkflowStub(id.value()).getResult(60, TimeUnit.SECONDS, String.class);
      WorkOrder done = orders.completion(id).get(60, TimeUnit.SECONDS);
      List<String> steps = orders.stepHistory(id).results().stream()
          .map(r -> r.step() + " " + r.outcome() + " " + r.attempt() + (r.succeeded() ? "" : ": " + r.errorMessage())).toList();
      return new Ended(done, steps, calls);
    } finally {
      env.close();
    }
  }

  @Test
  @DisplayName("AFTER_A_CRASH: attempt 1 recorded interrupted, attempt 2 runs on the worker that took over; completed")
  void interruptedAttemptRunsAgainUnderItsPolicy() throws Exception {
    Ended ended = run(DefaultWorkflow.AFTER_A_CRASH);

    assertEquals(WorkOrderStatus.COMPLETED, ended.order().status(), String.valueOf(ended.order().errorMessage()));
    assertEquals(List.of("write INTERRUPTED 1: interrupted: attempt 1 of write was running when its orchestrator stopped"
        + " without recording it (a crash or kill); it runs again as attempt 2 under its retry policy",
        "write SUCCEEDED 2", "read SUCCEEDED 1"), ended.steps());
    assertEquals(Map.of("write", 1, "read", 1), ended.calls());
  }

  @Test
  @DisplayName("one attempt: the lost attempt is recorded interrupted and fails the work order as the embedded engine does")
  void oneAttemptFailsWithTheInterruption() throws Exception {
    Ended ended = run(RetryPolicy.NONE);

    String interrupted = "interrupted: attempt 1 of write was running when its orchestrator stopped without recording it"
        + " (a crash or kill); its retry policy allows no further attempt (at most 1)";
    assertEquals(WorkOrderStatus.FAILED, ended.order().status());
    assertEquals("step 'write' failed: " + interrupted, ended.order().errorMessage());
    assertEquals(List.of("write INTERRUPTED 1: " + interrupted), ended.steps());
    assertEquals(Map.of(), ended.calls(), "no agent ran");
  }
}
