package dev.awo.temporal;

import dev.awo.core.internal.DagState;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.Condition;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.core.workflow.FailureMode;
import dev.awo.core.workflow.HumanGate;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.temporal.WorkOrderActivities.StepDone;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The deterministic workflow code: the same scheduling as the embedded engine ({@link DagState}:
 * ready nodes in topological order, conditions choosing edges, skips cascading, {@code on_failure}
 * deciding whether a failure ends the run), with every I/O in an activity. Parallel nodes are
 * parallel activities; a gate waits for a signal without holding a worker; losing the worker that
 * holds the sandbox moves the run to another worker ({@link WorkOrderActivities#setUp} again).
 * Temporal runs one instance per workflow execution on its workflow thread; not thread-safe.
 */
public final class AwoWorkflowImpl implements AwoWorkflow {
  private final Map<String, CompiledWorkflow> workflows;
  private final TemporalOptions options;
  private final List<GateDecision> decisions = new ArrayList<>();
  private final Map<String, String> openGates = new TreeMap<>();
  private final Map<String, Map<String, String>> scopes = new HashMap<>();
  private final Map<String, Promise<StepDone>> running = new LinkedHashMap<>();
  private final List<String> lostWorkers = new ArrayList<>();
  /** Per node, how many workers were lost while it ran (what {@link WorkOrderActivities#recordInterrupted} counts). */
  private final Map<String, Integer> losses = new HashMap<>();
  private String workOrderId;
  private String workflowName;
  private String hostQueue;
  private boolean relocating;
  private boolean ended;
  private final java.util.Set<String> decided = new java.util.HashSet<>();
  private Random random;

  /** A workflow over the host's compiled workflows (by name), with the deployment's options. */
  public AwoWorkflowImpl(Map<String, CompiledWorkflow> workflows, TemporalOptions options) {
    this.workflows = Map.copyOf(workflows);
    this.options = options;
  }

  @Override
  public String run(RunInput input) {
    workOrderId = input.workOrderId();
    workflowName = input.workflow();
    CompiledWorkflow workflow = workflows.get(input.workflow());
    String error = null;
    WorkOrderStatus status;
    try {
      if (workflow == null) {
        throw ApplicationFailure.newNonRetryableFailure("this worker knows no workflow '" + input.workflow()
            + "'; known: " + String.join(", ", new TreeMap<>(workflows).keySet()), ActivityPlans.SET_UP_FAILED);
      }
      setUp();
      error = loop(workflow, Math.max(1, input.maxParallelNodes()));
      status = error == null ? WorkOrderStatus.COMPLETED : WorkOrderStatus.FAILED;
    } catch (CanceledFailure e) {
      status = WorkOrderStatus.CANCELLED;
    } catch (ActivityFailure | ApplicationFailure e) {
      // an activity cut short by the cancellation reports it as its failure
      boolean cancelled = CancellationScope.current().isCancelRequested() || e.getCause() instanceof CanceledFailure;
      status = cancelled ? WorkOrderStatus.CANCELLED : WorkOrderStatus.FAILED;
      error = cancelled ? null : reason(e);
    }
    end(status, status == WorkOrderStatus.CANCELLED ? "cancelled" : error);
    ended = true;
    return status.wireName();
  }

  @Override
  public void decide(GateDecision decision) {
    decisions.add(decision);
  }

  @Override
  public void decideNow(GateDecision decision) {
    decisions.add(decision);
    Workflow.await(() -> decided.contains(decision.gate()) || ended);
  }

  @Override
  public void validateDecision(GateDecision decision) {
    if (!openGates.containsKey(decision.gate())
        || decisions.stream().anyMatch(d -> d.gate().equals(decision.gate()))) {
      throw new IllegalArgumentException("no human gate '" + decision.gate() + "' waiting for a decision (waiting: "
          + (openGates.isEmpty() ? "none" : String.join(", ", openGates.keySet())) + ")");
    }
  }

  @Override
  public Map<String, String> openGates() {
    return Map.copyOf(openGates);
  }

  @Override
  public String sandboxQueue() {
    return hostQueue;
  }

  /**
   * Sets the run up on whichever worker takes the task from the shared queue. A task that no
   * worker started within the worker-lost timeout (it went to a worker that died while polling) is
   * offered again, at most {@value #SET_UP_OFFERS} times.
   */
  private void setUp() {
    for (int offer = 1; ; offer++) {
      try {
        WorkOrderActivities.SetUp setUp = activities(ActivityPlans.bookkeeping(options.taskQueue(), true, options))
            .setUp(workOrderId, workflowName);
        hostQueue = setUp.taskQueue();
        scopes.put(ContextVariables.SCOPE, setUp.context());
        return;
      } catch (ActivityFailure e) {
        if (offer >= SET_UP_OFFERS || !(e.getCause() instanceof TimeoutFailure timeout)
            || timeout.getTimeoutType() != TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
          throw e;
        }
      }
    }
  }

  /** How often {@link #setUp} offers its task before the run fails for want of a worker. */
  static final int SET_UP_OFFERS = 100;

  /** Runs the DAG until nothing more can happen; returns the reason the run failed, or null. */
  private String loop(CompiledWorkflow workflow, int maxParallel) {
    DagState dag = new DagState(workflow);
    String error = null;
    while (true) {
      while (error == null && dag.hasReady() && running.size() < maxParallel) {
        NodeDefinition node = dag.start();
        if (node instanceof HumanGate gate) {
          onHost(a -> { a.openGate(workOrderId, node.id()); return null; });
          openGates.put(node.id(), gate.message().resolve(scopes));
        } else if (node instanceof Condition condition) {
          String value = condition.expression().evaluate(scopes);
          error = apply(dag, node, onHost(a -> a.recordCondition(workOrderId, node.id(), value)), error);
        } else {
          running.put(node.id(), Async.function(this::runNode, node));
        }
      }
      if (running.isEmpty() && decisions.isEmpty()) {
        if (error != null) {
          return error;
        }
        if (dag.hasReady()) {
          continue;
        }
        if (openGates.isEmpty()) {
          return null;
        }
        List<String> gates = List.copyOf(openGates.keySet());
        onHost(a -> { a.park(workOrderId, gates); return null; });
      }
      Workflow.await(() -> !decisions.isEmpty() || running.values().stream().anyMatch(Promise::isCompleted));
      for (Iterator<Map.Entry<String, Promise<StepDone>>> it = running.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Promise<StepDone>> next = it.next();
        if (next.getValue().isCompleted()) {
          it.remove();
          error = apply(dag, workflow.node(next.getKey()), next.getValue().get(), error);
        }
      }
      while (!decisions.isEmpty()) {
        GateDecision d = decisions.remove(0);
        if (openGates.remove(d.gate()) != null) {
          error = apply(dag, workflow.node(d.gate()),
              onHost(a -> a.decideGate(workOrderId, d.gate(), d.approved(), d.reason())), error);
          decided.add(d.gate());
        }
      }
    }
  }

  /** Applies how a node ended to the DAG, recording what that skipped; returns the run's error so far. */
  private String apply(DagState dag, NodeDefinition node, StepDone done, String error) {
    if (done.fields() != null) {
      scopes.put(node.id(), done.fields());
    }
    StepOutcome outcome = StepOutcome.valueOf(done.outcome());
    if (outcome == StepOutcome.CANCELLED) {
      dag.finish(node.id(), DagState.Node.CANCELLED, null);
      throw new CanceledFailure(done.error());
    }
    DagState.Node state = outcome == StepOutcome.SUCCEEDED ? DagState.Node.SUCCEEDED : DagState.Node.FAILED;
    List<String> skipped = dag.finish(node.id(), state, done.value()).stream().map(NodeDefinition::id).toList();
    if (!skipped.isEmpty()) {
      onHost(a -> { a.recordSkipped(workOrderId, skipped); return null; });
    }
    if (state == DagState.Node.FAILED && node.onFailure() == FailureMode.FAIL && error == null) {
      return "step '" + node.id() + "' failed: " + (done.error() == null ? "failed" : done.error());
    }
    return error;
  }

  /**
   * One node through its attempts, moving to another worker when its worker is lost. An attempt
   * that failed retryably comes back here: the wait before the next is the node's {@link
   * RetryPolicy#delayBeforeRetry} over workflow time (elapsed since the node's first attempt began)
   * and the workflow's deterministic random (jitter), slept on a durable timer; no wait left (the
   * attempts or the time budget are used up) fails the node with the last attempt's error, as
   * embedded. Histories recorded before this change ({@link #RETRY_IN_WORKFLOW} absent) replay
   * with Temporal retrying the attempts instead.
   */
  private StepDone runNode(NodeDefinition node) {
    boolean inWorkflow = retriesInWorkflow();
    RetryPolicy retry = ActivityPlans.retryPolicyOf(node);
    long firstStarted = Workflow.currentTimeMillis();
    int attempt = inWorkflow ? 1 : WorkOrderActivities.NEXT_ATTEMPT;
    while (true) {
      Workflow.await(() -> !relocating);
      String queue = hostQueue;
      if (queue == null) { // a relocation could not take the sandbox over: that failure ends the run
        throw ApplicationFailure.newNonRetryableFailure("no worker holds the sandbox of " + workOrderId
            + " any more; step '" + node.id() + "' does not run", ActivityPlans.SANDBOX_LOST);
      }
      try {
        return activities(ActivityPlans.node(node, queue, inWorkflow, options)).runNode(workOrderId, node.id(), attempt);
      } catch (ActivityFailure e) {
        if (isWorkerLost(e)) {
          StepDone ended = afterLostWorker(node, queue, e);
          if (ended != null) {
            return ended;
          }
          continue; // the activity runs the next attempt, or answers with the one the lost worker saved
        }
        if (!(e.getCause() instanceof ApplicationFailure app) || !ActivityPlans.STEP_FAILED.equals(app.getType())) {
          throw e;
        }
        Optional<Duration> delay = !inWorkflow || app.isNonRetryable() ? Optional.empty()
            : retry.delayBeforeRetry(attemptOf(app, attempt),
                Duration.ofMillis(Workflow.currentTimeMillis() - firstStarted), random()::nextDouble);
        if (delay.isEmpty()) {
          return new StepDone(StepOutcome.FAILED.name(), null, null, app.getOriginalMessage());
        }
        if (!delay.get().isZero()) {
          Workflow.sleep(delay.get());
        }
        attempt = attemptOf(app, attempt) + 1;
      }
    }
  }

  /**
   * The change id of node retries driven by workflow code (version 1); a history without its
   * marker was recorded while Temporal's RetryOptions retried failed attempts.
   */
  static final String RETRY_IN_WORKFLOW = "awo-node-retry-in-workflow";

  private boolean retriesInWorkflow() {
    return Workflow.getVersion(RETRY_IN_WORKFLOW, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** The number of the attempt that failed, as the activity saved it (saved attempts + 1). */
  private static int attemptOf(ApplicationFailure failure, int asked) {
    return failure.getDetails().getSize() == 0 ? asked : failure.getDetails().get(Integer.class);
  }

  /** The run's deterministic random numbers, for the retries' jitter (the same on replay). */
  private Random random() {
    if (random == null) {
      random = Workflow.newRandom();
    }
    return random;
  }

  /** Runs a bookkeeping activity on the worker holding the sandbox, moving on when that worker is lost. */
  private <T> T onHost(Function<WorkOrderActivities, T> call) {
    while (true) {
      Workflow.await(() -> !relocating);
      String queue = hostQueue;
      if (queue == null) { // never set up (cancelled or failed first): any worker will do
        return call.apply(activities(ActivityPlans.bookkeeping(options.taskQueue(), false, options)));
      }
      try {
        return call.apply(activities(ActivityPlans.bookkeeping(queue, true, options)));
      } catch (ActivityFailure e) {
        if (!isWorkerLost(e)) {
          throw e;
        }
        relocate(queue, e);
      }
    }
  }

  /**
   * After the worker running an attempt of {@code node} on {@code queue} was lost: moves the run to
   * another worker, then records that attempt interrupted as the embedded engine's crash recovery
   * does (also when the move fails: the run then fails with the move's reason). A timeout
   * (heartbeat, or schedule-to-start of a retry due on the lost worker) counts as an attempt in
   * flight, as the embedded engine counts a crash during a retry's backoff; an attempt refused by a
   * worker without the sandbox ({@link ActivityPlans#SANDBOX_LOST}) never ran: nothing is recorded.
   *
   * @return how the node ended when its retry policy runs it no more, or null to run it again
   */
  private StepDone afterLostWorker(NodeDefinition node, String queue, ActivityFailure lost) {
    boolean ran = lost.getCause() instanceof TimeoutFailure;
    try {
      relocate(queue, lost);
    } catch (ActivityFailure | ApplicationFailure e) {
      if (ran) {
        try {
          interrupted(node);
        } catch (ActivityFailure | ApplicationFailure unsaved) {
          Workflow.getLogger(AwoWorkflowImpl.class).warn("awo work order {}: the interrupted attempt of {} was not"
              + " recorded: {}", workOrderId, node.id(), reason(unsaved));
        }
      }
      throw e;
    }
    return ran ? interrupted(node) : null;
  }

  /** Records the lost attempt of {@code node} interrupted (see {@link WorkOrderActivities#recordInterrupted}). */
  private StepDone interrupted(NodeDefinition node) {
    int lost = losses.merge(node.id(), 1, Integer::sum);
    return onHost(a -> a.recordInterrupted(workOrderId, node.id(), lost));
  }

  private void relocate(String lostQueue, ActivityFailure cause) {
    Workflow.await(() -> !relocating); // a parallel branch lost with the same worker waits for its move
    if (!lostQueue.equals(hostQueue)) {
      return; // another branch has moved the run already
    }
    lostWorkers.add(lostQueue);
    if (lostWorkers.size() > options.maxRelocations()) {
      hostQueue = null; // no worker holds the sandbox: what is left (bookkeeping, finish) runs on any worker
      throw ApplicationFailure.newNonRetryableFailure("the work order lost " + lostWorkers.size()
          + " workers (" + String.join(", ", lostWorkers) + "), more than maxRelocations "
          + options.maxRelocations() + "; last: " + reason(cause), ActivityPlans.SANDBOX_LOST);
    }
    relocating = true;
    try {
      Workflow.getLogger(AwoWorkflowImpl.class).warn("awo work order {} lost worker queue {}; setting up again",
          workOrderId, lostQueue);
      setUp();
    } catch (ActivityFailure e) {
      hostQueue = null; // no worker holds the sandbox: what is left (bookkeeping, finish) runs on any worker
      throw e;
    } finally {
      relocating = false;
    }
  }

  private static boolean isWorkerLost(ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof TimeoutFailure timeout) {
      return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
          || timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT;
    }
    return cause instanceof ApplicationFailure app && ActivityPlans.SANDBOX_LOST.equals(app.getType());
  }

  /** Waits for running attempts, abandons open gates and saves the final status, even after cancellation. */
  private void end(WorkOrderStatus status, String error) {
    Workflow.newDetachedCancellationScope(() -> {
      for (Promise<StepDone> attempt : running.values()) {
        try {
          attempt.get();
        } catch (RuntimeException e) {
          // the attempt was cancelled or failed; its result was saved by the activity
        }
      }
      boolean cancelled = status == WorkOrderStatus.CANCELLED;
      try {
        for (String gate : List.copyOf(openGates.keySet())) {
          onHost(a -> { a.abandonGate(workOrderId, gate, cancelled); return null; });
        }
        openGates.clear();
        onHost(a -> { a.finish(workOrderId, status.wireName(), error); return null; });
      } catch (ActivityFailure | ApplicationFailure e) {
        hostQueue = options.taskQueue(); // no worker holds the sandbox any more: finish wherever one is
        activities(ActivityPlans.bookkeeping(hostQueue, false, options)).finish(workOrderId, status.wireName(), error);
      }
    }).run();
  }

  private WorkOrderActivities activities(ActivityOptions activityOptions) {
    return Workflow.newActivityStub(WorkOrderActivities.class, activityOptions);
  }

  private static String reason(RuntimeException e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof ApplicationFailure)) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure app ? app.getOriginalMessage() : String.valueOf(t.getMessage());
  }
}
