package dev.awo.temporal;

import dev.awo.core.internal.HistoryReplay;
import dev.awo.core.internal.NodeExecutor;
import dev.awo.core.workflow.Condition;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.domain.AwoException;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.core.internal.DagRunner;
import dev.awo.spi.process.Redactor;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The activities, on one worker: node attempts through awo-core's {@link NodeExecutor} (announce,
 * agent call, output checks, redaction, save, announce), bookkeeping through the same recorder.
 * Before it runs anything, an activity looks for a result it already saved (a retry after a worker
 * crash or a lost completion) and answers with it: no result is saved twice. Thread-safe.
 */
final class WorkOrderActivitiesImpl implements WorkOrderActivities {
  /** How long {@link #finish} waits for the listeners to hear the run's last events. */
  static final Duration LISTENER_WAIT = Duration.ofSeconds(30);

  private final WorkerRuns runs;
  private final String ownQueue;
  private final ScheduledExecutorService ticks;
  private final Duration heartbeatTimeout;
  private final Semaphore slots;

  WorkOrderActivitiesImpl(WorkerRuns runs, String ownQueue, ScheduledExecutorService ticks, TemporalOptions options) {
    this.runs = runs;
    this.ownQueue = ownQueue;
    this.ticks = ticks;
    this.heartbeatTimeout = options.heartbeatTimeout();
    this.slots = new Semaphore(options.maxConcurrentAttempts(), true);
  }

  @Override
  public SetUp setUp(String workOrderId, String workflow) {
    try {
      WorkerRuns.LocalRun run = runs.setUp(WorkOrderId.of(workOrderId), workflow);
      return new SetUp(ownQueue, run.context);
    } catch (AwoException e) {
      throw ApplicationFailure.newNonRetryableFailure(redact(e.getMessage()), ActivityPlans.SET_UP_FAILED);
    }
  }

  @Override
  public StepDone runNode(String workOrderId, String nodeId, int asked) {
    WorkOrderId id = WorkOrderId.of(workOrderId);
    WorkerRuns.LocalRun run = runs.withSandbox(id).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "worker queue " + ownQueue + " does not hold the sandbox of " + workOrderId, ActivityPlans.SANDBOX_LOST));
    NodeDefinition node = run.workflow.node(nodeId);
    List<StepResult> earlier = run.history().results().stream().filter(r -> r.step().equals(nodeId)).toList();
    StepResult last = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
    if (last != null && last.succeeded()) {
      return done(last, null); // saved before this worker or an earlier attempt could report it
    }
    int maximum = ActivityPlans.retryPolicyOf(node).maximumAttempts();
    if (last != null && asked > WorkOrderActivities.NEXT_ATTEMPT && earlier.size() >= asked
        && last.outcome() == StepOutcome.FAILED) {
      // saved before its completion reached the workflow: the same answer, retryable as its saved
      // failure category says, while attempts are left (the embedded recovery rule)
      throw stepFailed(last.errorMessage(), earlier.size() < maximum
          && NodeExecutor.mayRetry(ActivityPlans.retryPolicyOf(node), last), last.attempt());
    }
    if (last != null && earlier.size() >= maximum) {
      throw stepFailed(last.errorMessage(), false, last.attempt());
    }
    WorkerRuns.Attempt attempt = run.forAttempt(runs.engine());
    NodeExecutor.Attempted tried;
    try (Heartbeat beat = Heartbeat.start(Activity.getExecutionContext(), attempt.parts().control(), ticks,
        heartbeatTimeout)) {
      attempt.parts().control().enter();
      boolean slot = false;
      try {
        slot = awaitSlot(attempt.parts().control());
        tried = slot ? attempt.nodes().attemptOnce(node, earlier.size() + 1) : null;
      } finally {
        if (slot) {
          slots.release();
        }
        attempt.parts().control().leave();
      }
      if (beat.stopped() != null) {
        throw beat.stopped();
      }
    }
    if (tried == null) {
      throw ApplicationFailure.newNonRetryableFailure("cancelled while waiting for an attempt slot", ActivityPlans.STEP_FAILED);
    }
    if (tried.fatalError() != null) {
      throw ApplicationFailure.newNonRetryableFailure(tried.fatalError(), ActivityPlans.RUN_STOPPED);
    }
    StepResult result = tried.result();
    if (result.succeeded()) {
      return done(result, null);
    }
    throw stepFailed(result.errorMessage(), tried.retryable(), result.attempt());
  }

  /** A failed attempt's failure: its error, whether the node's policy retries it, its number as details. */
  private static ApplicationFailure stepFailed(String error, boolean retryable, int attempt) {
    return retryable ? ApplicationFailure.newFailure(error, ActivityPlans.STEP_FAILED, attempt)
        : ApplicationFailure.newNonRetryableFailure(error, ActivityPlans.STEP_FAILED, attempt);
  }

  /** Waits, heartbeating, for one of this worker's attempt slots; false when cancelled meanwhile. */
  private boolean awaitSlot(dev.awo.core.internal.RunControl control) {
    try {
      while (!control.cancelled()) {
        if (slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      // cancelled while waiting: the heartbeat has the reason
    }
    return false;
  }

  @Override
  public StepDone recordInterrupted(String workOrderId, String nodeId, int losses) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    NodeDefinition node = run.workflow.node(nodeId);
    StepHistory history = run.history();
    List<StepResult> recorded = history.results().stream()
        .filter(r -> r.step().equals(nodeId) && r.outcome() == StepOutcome.INTERRUPTED).toList();
    HistoryReplay.Interruption interruption;
    if (recorded.size() >= losses) { // an earlier delivery of this call saved it
      StepResult last = recorded.get(recorded.size() - 1);
      interruption = HistoryReplay.interruption(runs.engine().services(), node, last.attempt(), last.startedAt());
    } else if (!HistoryReplay.wasInFlight(history, node)) {
      return null; // the lost worker saved how the attempt ended: runNode answers with it
    } else {
      int attempt = (int) history.results().stream().filter(r -> r.step().equals(nodeId)).count() + 1;
      interruption = HistoryReplay.interruption(runs.engine().services(), node, attempt, null);
      if (!run.parts.recorder().record(interruption.result())) {
        throw ApplicationFailure.newNonRetryableFailure("the step history could not be saved after step '" + nodeId
            + "'", ActivityPlans.RUN_STOPPED);
      }
    }
    return interruption.runsAgain() ? null : done(interruption.result(), null);
  }

  @Override
  public StepDone recordCondition(String workOrderId, String nodeId, String value) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    return saved(run, nodeId).map(r -> done(r, value)).orElseGet(() -> {
      DagRunner.Finish finish = run.coordinator.recordCondition((Condition) run.workflow.node(nodeId), value);
      stopIfFatal(run, finish);
      return done(run.history().latest(nodeId).orElseThrow(), value);
    });
  }

  @Override
  public void recordSkipped(String workOrderId, List<String> nodeIds) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    for (String nodeId : nodeIds) {
      if (saved(run, nodeId).isEmpty()) {
        run.coordinator.skip(run.workflow.node(nodeId));
      }
    }
  }

  @Override
  public void openGate(String workOrderId, String nodeId) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    if (saved(run, nodeId).isEmpty()) {
      run.coordinator.openGate(run.workflow.node(nodeId));
    }
  }

  @Override
  public StepDone decideGate(String workOrderId, String nodeId, boolean approved, String reason) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    if (run.parts.state().current().status() == WorkOrderStatus.WAITING) {
      run.parts.state().status(WorkOrderStatus.RUNNING);
    }
    return saved(run, nodeId).map(r -> done(r, null)).orElseGet(() -> {
      DagRunner.Finish finish = run.coordinator.decideGate(run.workflow.node(nodeId), approved,
          reason == null ? null : Redactor.patternsOnly().redact(reason));
      stopIfFatal(run, finish);
      return done(run.history().latest(nodeId).orElseThrow(), null);
    });
  }

  @Override
  public void abandonGate(String workOrderId, String nodeId, boolean cancelled) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    if (saved(run, nodeId).isEmpty()) {
      run.coordinator.abandonGate(run.workflow.node(nodeId), cancelled);
    }
  }

  @Override
  public void park(String workOrderId, List<String> gates) {
    WorkerRuns.LocalRun run = runs.get(WorkOrderId.of(workOrderId));
    run.parts.state().update(b -> b.status(WorkOrderStatus.WAITING).currentStep(gates.isEmpty() ? null : gates.get(0)));
  }

  @Override
  public void finish(String workOrderId, String status, String error) {
    WorkOrderId id = WorkOrderId.of(workOrderId);
    WorkerRuns.LocalRun run = runs.get(id);
    WorkOrderStatus end = WorkOrderStatus.fromWireName(status);
    if (!run.parts.state().current().status().isTerminal()) {
      run.lifecycle.measure(run.sandbox);
      run.lifecycle.release(run.sandbox, kept -> runs.keep(id, run, kept)); // under KEEP, for follow-up prompts
      run.sandbox = null;
      run.parts.state().update(b -> b.status(end).currentStep(null)
          .errorMessage(end == WorkOrderStatus.COMPLETED ? null : error));
    }
    run.parts.events().awaitFlushed(LISTENER_WAIT);
    runs.remove(id);
  }

  private static Optional<StepResult> saved(WorkerRuns.LocalRun run, String nodeId) {
    return run.history().latest(nodeId);
  }

  private static void stopIfFatal(WorkerRuns.LocalRun run, DagRunner.Finish finish) {
    String fatal = run.parts.control().fatalError();
    if (fatal != null && finish.outcome() == dev.awo.core.internal.DagState.Node.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(fatal, ActivityPlans.RUN_STOPPED);
    }
  }

  private static StepDone done(StepResult result, String value) {
    boolean failed = result.outcome() != StepOutcome.SUCCEEDED;
    return new StepDone(result.outcome().name(), result.outcome() == StepOutcome.SKIPPED ? null
        : NodeExecutor.outputFieldsOf(result), value, failed ? result.errorMessage() : null);
  }

  private static String redact(String text) {
    return Redactor.patternsOnly().redact(String.valueOf(text));
  }
}
