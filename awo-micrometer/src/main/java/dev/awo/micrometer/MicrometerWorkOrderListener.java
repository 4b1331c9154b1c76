package dev.awo.micrometer;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.micrometer.internal.EventPump;
import dev.awo.micrometer.internal.FailureLog;
import dev.awo.micrometer.internal.MeterRecorder;
import dev.awo.micrometer.internal.TagValueLimiter;
import dev.awo.micrometer.internal.WorkOrderTracker;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;

/**
 * Records work orders and their steps through Micrometer: an {@code awo.work_order} observation
 * per work order with an {@code awo.step} child observation per step attempt (so one
 * instrumentation yields timers and spans), and the meters listed in {@link AwoMeters} (cost,
 * tokens, work orders by status, saves, save failures).
 *
 * <pre>{@code
 * MicrometerWorkOrderListener metrics = MicrometerWorkOrderListener.builder(observationRegistry, meterRegistry).build();
 * WorkflowOrchestrator orchestrator = WorkflowOrchestrator.builder()
 *     // agent, sandboxes, repositories ...
 *     .listener(metrics)
 *     .build();
 * // on shutdown, after the orchestrator:
 * metrics.close();
 * }</pre>
 *
 * <p>The observation registry needs handlers to record anything: a {@code
 * DefaultMeterObservationHandler} for timers, a tracing handler for spans (Spring Boot configures
 * both).
 *
 * <p>A run never waits for Micrometer: {@link #onEvent} only hands the event to the listener's own
 * recording thread, without blocking and without calling the registries, and drops it (counted in
 * {@value AwoMeters#EVENTS_DROPPED}) if the queue is full. Whatever a registry or handler throws is
 * caught and logged at WARN at most once a minute. Everything held for a work order is released at
 * its terminal status. Observations therefore start and stop on the recording thread, a few
 * microseconds after the events; they open no scope on the threads running work orders.
 *
 * <p>This class is thread-safe: events of different work orders may arrive concurrently.
 */
public final class MicrometerWorkOrderListener implements WorkOrderListener, AutoCloseable {
  private final EventPump pump;
  private final WorkOrderTracker tracker;
  private final FailureLog failures;

  private MicrometerWorkOrderListener(Builder b) {
    this.failures = new FailureLog(b.failureLogInterval, System::nanoTime);
    MeterRecorder meters = new MeterRecorder(b.meterRegistry, failures);
    this.tracker = new WorkOrderTracker(b.observationRegistry, b.workOrderConvention, b.stepConvention, meters,
        new TagValueLimiter(b.maxTagValues), failures, b.maxTrackedWorkOrders);
    this.pump = new EventPump(b.queueCapacity, tracker::handle, tracker::closeAll, failures);
    meters.countDroppedEvents(pump::dropped);
  }

  /** A builder recording through these registries. */
  public static Builder builder(ObservationRegistry observationRegistry, MeterRegistry meterRegistry) {
    return new Builder(observationRegistry, meterRegistry);
  }

  /** Hands the event to the recording thread; live agent output is ignored. Never blocks or throws. */
  @Override
  public void onEvent(WorkOrderEvent event) {
    if (event != null && !(event instanceof WorkOrderEvent.AgentEventReceived)) {
      pump.offer(event);
    }
  }

  /**
   * Waits until every event heard before this call is recorded, or {@code timeout} passed; returns
   * whether all were. Useful before reading meters right after a run, e.g. in tests.
   */
  public boolean awaitRecorded(Duration timeout) {
    return pump.awaitHandled(requirePresent(timeout, "timeout"));
  }

  /** Events dropped because the queue was full or the listener was closed. */
  public long droppedEvents() {
    return pump.dropped();
  }

  /** Calls into Micrometer that threw, in all (they are logged at most once per interval). */
  public long recordingFailures() {
    return failures.failures();
  }

  /** Work orders the listener holds state for now (started and not yet ended). */
  public int trackedWorkOrders() {
    return tracker.trackedWorkOrders();
  }

  /**
   * Records the events already heard (for at most five seconds), stops the observations still open
   * with outcome {@code unknown} and ends the recording thread. Close it after the orchestrator.
   */
  @Override
  public void close() {
    pump.close();
  }

  /** Builds a {@link MicrometerWorkOrderListener}; not thread-safe. */
  public static final class Builder {
    private final ObservationRegistry observationRegistry;
    private final MeterRegistry meterRegistry;
    private WorkOrderObservationConvention workOrderConvention;
    private StepObservationConvention stepConvention;
    private int maxTagValues = 100;
    private int queueCapacity = EventPump.DEFAULT_CAPACITY;
    private int maxTrackedWorkOrders = 10_000;
    private Duration failureLogInterval = Duration.ofMinutes(1);

    private Builder(ObservationRegistry observationRegistry, MeterRegistry meterRegistry) {
      this.observationRegistry = requirePresent(observationRegistry, "observationRegistry");
      this.meterRegistry = requirePresent(meterRegistry, "meterRegistry");
    }

    /** Names and key values of {@code awo.work_order}; default {@link DefaultWorkOrderObservationConvention}. */
    public Builder workOrderConvention(WorkOrderObservationConvention convention) {
      this.workOrderConvention = requirePresent(convention, "workOrderConvention");
      return this;
    }

    /** Names and key values of {@code awo.step}; default {@link DefaultStepObservationConvention}. */
    public Builder stepConvention(StepObservationConvention convention) {
      this.stepConvention = requirePresent(convention, "stepConvention");
      return this;
    }

    /**
     * How many distinct values each tag key (workflow, step, agent) may take; later new values are
     * recorded as {@code other}. Default 100.
     */
    public Builder maxTagValues(int max) {
      this.maxTagValues = requirePositive(max, "maxTagValues");
      return this;
    }

    /** How many events may wait for the recording thread before new ones are dropped. Default 16384. */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = requirePositive(capacity, "queueCapacity");
      return this;
    }

    /**
     * How many unfinished work orders the listener holds at once; beyond it the oldest is recorded
     * with outcome {@code unknown} and forgotten. Default 10000.
     */
    public Builder maxTrackedWorkOrders(int max) {
      this.maxTrackedWorkOrders = requirePositive(max, "maxTrackedWorkOrders");
      return this;
    }

    /** At most one WARN line per this interval about failing registries or handlers. Default one minute. */
    public Builder failureLogInterval(Duration interval) {
      this.failureLogInterval = requirePositive(interval, "failureLogInterval");
      return this;
    }

    /** Builds the listener and starts its recording thread. */
    public MicrometerWorkOrderListener build() {
      return new MicrometerWorkOrderListener(this);
    }
  }
}
