package dev.awo.micrometer.internal;

import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.micrometer.AwoObservationDocumentation;
import dev.awo.micrometer.DefaultStepObservationConvention;
import dev.awo.micrometer.DefaultWorkOrderObservationConvention;
import dev.awo.micrometer.StepObservationContext;
import dev.awo.micrometer.StepObservationConvention;
import dev.awo.micrometer.WorkOrderObservationContext;
import dev.awo.micrometer.WorkOrderObservationConvention;
import dev.awo.micrometer.internal.TrackedWorkOrder.OpenStep;
import dev.awo.micrometer.internal.TrackedWorkOrder.StepKey;
import dev.awo.spi.event.WorkOrderEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns work order events into observations and meters. A work order's observation starts at its
 * first status change and stops at its terminal one; a step's starts at its step-started event and
 * stops when a saved snapshot holds its result (a result whose own save failed is picked up from the
 * next snapshot that heals it). Everything held for a work order is released at its terminal event;
 * at most {@code maxTracked} work orders are held at once, the oldest being closed with outcome
 * {@code unknown} beyond that.
 *
 * <p>Not thread-safe: {@link EventPump} calls it from its one recording thread. Every call into
 * Micrometer goes through {@link FailureLog}, so a throwing handler or registry leaves the state
 * consistent.
 */
public final class WorkOrderTracker {
  static final String UNRECORDED = "unrecorded";

  private final ObservationRegistry registry;
  private final WorkOrderObservationConvention workOrderConvention;
  private final StepObservationConvention stepConvention;
  private final MeterRecorder meters;
  private final TagValueLimiter tags;
  private final FailureLog failures;
  private final int maxTracked;
  private final Map<WorkOrderId, TrackedWorkOrder> tracked = new LinkedHashMap<>();
  private volatile int trackedCount;

  /**
   * @param workOrderConvention the host's convention, or {@code null} for the default
   * @param stepConvention the host's convention, or {@code null} for the default
   */
  public WorkOrderTracker(
      ObservationRegistry registry, WorkOrderObservationConvention workOrderConvention,
      StepObservationConvention stepConvention, MeterRecorder meters, TagValueLimiter tags, FailureLog failures,
      int maxTracked) {
    this.registry = registry;
    this.workOrderConvention = workOrderConvention;
    this.stepConvention = stepConvention;
    this.meters = meters;
    this.tags = tags;
    this.failures = failures;
    this.maxTracked = maxTracked;
  }

  /** Records one event. */
  public void handle(WorkOrderEvent event) {
    if (event instanceof WorkOrderEvent.StepStarted started) {
      stepStarted(started);
    } else if (event instanceof WorkOrderEvent.HistorySaved saved) {
      saved(saved);
    } else if (event instanceof WorkOrderEvent.StatusChanged changed) {
      statusChanged(changed);
    } else if (event instanceof WorkOrderEvent.SaveFailed failed) {
      saveFailed(failed);
    }
    trackedCount = tracked.size();
  }

  /** How many work orders are held now; readable from any thread. */
  public int trackedWorkOrders() {
    return trackedCount;
  }

  /** Closes every observation still open, with outcome {@code unknown}: the listener is closing. */
  public void closeAll() {
    List<TrackedWorkOrder> all = new ArrayList<>(tracked.values());
    tracked.clear();
    trackedCount = 0;
    for (TrackedWorkOrder order : all) {
      forget(order, TrackedWorkOrder.UNKNOWN);
    }
  }

  private void statusChanged(WorkOrderEvent.StatusChanged event) {
    WorkOrder order = event.workOrder();
    TrackedWorkOrder t = tracked.get(event.workOrderId());
    if (t == null) {
      t = track(event.workOrderId());
      t.savedVersion = event.previous() == WorkOrderStatus.PENDING ? 0 : -1;
    }
    t.workflow = tags.limit("workflow", order.workflow());
    String sandboxType = order.sandboxType().wireName();
    if (t.observation == null) {
      startWorkOrder(t, sandboxType);
    } else {
      t.context.describe(t.workflow, sandboxType);
    }
    meters.statusChanged(t.status, event.current());
    t.status = event.current();
    if (event.current().isTerminal()) {
      tracked.remove(t.id);
      end(t, event.current().wireName(), event.current() == WorkOrderStatus.FAILED);
    }
  }

  private void stepStarted(WorkOrderEvent.StepStarted event) {
    TrackedWorkOrder t = trackedOrDetached(event.workOrderId());
    StepKey key = new StepKey(event.step(), event.attempt());
    OpenStep duplicate = t.openSteps.remove(key);
    if (duplicate != null) {
      stopStep(duplicate, TrackedWorkOrder.UNKNOWN, UNRECORDED, false);
    }
    t.openSteps.put(key, startStep(t, event.step(), event.attempt()));
  }

  private void saved(WorkOrderEvent.HistorySaved event) {
    TrackedWorkOrder t = trackedOrDetached(event.workOrderId());
    long version = event.snapshot().version();
    List<StepResult> newResults = t.savedVersion >= 0 && t.savedVersion < version
        ? event.snapshot().resultsFrom((int) t.savedVersion)
        : List.of(event.result());
    for (StepResult result : newResults) {
      ended(t, result);
    }
    t.savedVersion = version;
    String workflow = t.workflow;
    Duration latency = saveLatency(event);
    failures.attempt("record awo.step_history.save", () -> meters.saved(workflow, latency));
    if (t.detached() && t.openSteps.isEmpty()) {
      tracked.remove(t.id);
    }
  }

  private void saveFailed(WorkOrderEvent.SaveFailed event) {
    TrackedWorkOrder t = tracked.get(event.workOrderId());
    String workflow = t == null ? TrackedWorkOrder.UNKNOWN : t.workflow;
    failures.attempt("record awo.step_history.save.failures", () -> meters.saveFailed(workflow));
    if (t != null && !t.detached()) {
      Observation observation = t.observation;
      failures.attempt("signal save failure", () -> observation.event(AwoObservationDocumentation.Events.SAVE_FAILED));
    }
    if (t != null && t.detached()) {
      tracked.remove(t.id);
      end(t, UNRECORDED, false);
    }
  }

  private TrackedWorkOrder trackedOrDetached(WorkOrderId id) {
    TrackedWorkOrder t = tracked.get(id);
    return t != null ? t : track(id);
  }

  private TrackedWorkOrder track(WorkOrderId id) {
    TrackedWorkOrder t = new TrackedWorkOrder(id);
    tracked.put(id, t);
    if (tracked.size() > maxTracked) {
      Iterator<TrackedWorkOrder> oldest = tracked.values().iterator();
      TrackedWorkOrder evicted = oldest.next();
      oldest.remove();
      failures.failed("track work order", new IllegalStateException("more than " + maxTracked
          + " work orders open at once; the oldest is recorded with outcome unknown"));
      forget(evicted, TrackedWorkOrder.UNKNOWN);
    }
    return t;
  }

  private void forget(TrackedWorkOrder t, String outcome) {
    meters.statusChanged(t.status, null);
    end(t, outcome, false);
  }

  /** Stops the work order's open steps (as unrecorded) and its own observation. */
  private void end(TrackedWorkOrder t, String outcome, boolean failed) {
    for (OpenStep open : t.openSteps.values()) {
      stopStep(open, TrackedWorkOrder.UNKNOWN, UNRECORDED, false);
    }
    t.openSteps.clear();
    if (t.observation == null) {
      return;
    }
    Observation observation = t.observation;
    t.context.outcome(outcome);
    failures.attempt("stop awo.work_order", () -> {
      if (failed) {
        observation.error(new RecordedFailure("work order failed"));
      }
      observation.stop();
    });
  }

  private void ended(TrackedWorkOrder t, StepResult result) {
    OpenStep open = t.openSteps.remove(new StepKey(result.step(), result.attempt()));
    if (open == null) {
      open = startStep(t, result.step(), result.attempt()); // a node skipped without a started event
    }
    String agent = tags.limit("agent", result.agentName());
    stopStep(open, agent, result.outcome().wireName(), result.outcome() == StepOutcome.FAILED);
    String workflow = t.workflow;
    String step = open.context().step();
    failures.attempt("record awo.cost", () -> meters.spent(workflow, step, agent, result));
  }

  private void startWorkOrder(TrackedWorkOrder t, String sandboxType) {
    WorkOrderObservationContext context = new WorkOrderObservationContext(t.id, t.workflow, sandboxType);
    t.context = context;
    t.observation = start("start awo.work_order", () -> AwoObservationDocumentation.WORK_ORDER.observation(
        workOrderConvention, DefaultWorkOrderObservationConvention.INSTANCE, () -> context, registry));
  }

  private OpenStep startStep(TrackedWorkOrder t, String step, int attempt) {
    StepObservationContext context =
        new StepObservationContext(t.id, t.workflow, tags.limit("step", step), TagValueLimiter.attempt(attempt));
    Observation parent = t.observation;
    Observation observation = start("start awo.step", () -> {
      Observation created = AwoObservationDocumentation.STEP.observation(
          stepConvention, DefaultStepObservationConvention.INSTANCE, () -> context, registry);
      return parent == null || parent.isNoop() ? created : created.parentObservation(parent);
    });
    return new OpenStep(observation, context);
  }

  private void stopStep(OpenStep open, String agent, String outcome, boolean failed) {
    open.context().ended(agent, outcome);
    Observation observation = open.observation();
    failures.attempt("stop awo.step", () -> {
      if (failed) {
        observation.error(new RecordedFailure("step " + open.context().step() + " failed"));
      }
      observation.stop();
    });
  }

  /** Creates and starts an observation; a no-op one if creating it fails. */
  private Observation start(String action, Supplier<Observation> create) {
    Observation[] created = {Observation.NOOP};
    failures.attempt(action, () -> {
      created[0] = create.get();
      created[0].start();
    });
    return created[0];
  }

  /** From the step's end, on the orchestrator's clock, to the saved event. */
  private static Duration saveLatency(WorkOrderEvent.HistorySaved event) {
    Instant ended = event.result().startedAt().plus(event.result().duration());
    Duration latency = Duration.between(ended, event.timestamp());
    return latency.isNegative() ? Duration.ZERO : latency;
  }
}
