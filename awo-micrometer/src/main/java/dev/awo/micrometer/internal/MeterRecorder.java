package dev.awo.micrometer.internal;

import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.micrometer.AwoMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The meters registered directly on the {@link MeterRegistry} (see {@link AwoMeters}): cost, tokens,
 * work orders by status, saves and save failures. Meters are looked up once per tag combination and
 * kept; every tag value has already been bounded by {@link TagValueLimiter}, so the cache is bounded.
 *
 * <p>Not thread-safe: used by the recording thread only, except the gauges' values, which the
 * registry reads from any thread.
 */
public final class MeterRecorder {
  private final MeterRegistry registry;
  private final FailureLog failures;
  private final Map<WorkOrderStatus, AtomicLong> byStatus = new EnumMap<>(WorkOrderStatus.class);
  private final Map<StepTags, StepMeters> stepMeters = new HashMap<>();
  private final Map<String, Timer> saves = new HashMap<>();
  private final Map<String, Counter> saveFailures = new HashMap<>();

  public MeterRecorder(MeterRegistry registry, FailureLog failures) {
    this.registry = registry;
    this.failures = failures;
    for (WorkOrderStatus status : WorkOrderStatus.values()) {
      if (!status.isTerminal()) {
        AtomicLong count = new AtomicLong();
        byStatus.put(status, count);
        failures.attempt("register " + AwoMeters.WORK_ORDERS, () -> Gauge.builder(AwoMeters.WORK_ORDERS, count, AtomicLong::get)
            .strongReference(true).tag(AwoMeters.STATUS, status.wireName())
            .description("Work orders this process has seen in each non-terminal status").register(registry));
      }
    }
  }

  /** Registers {@value AwoMeters#EVENTS_DROPPED}, reading {@code droppedEvents}. */
  public void countDroppedEvents(LongSupplier droppedEvents) {
    failures.attempt("register " + AwoMeters.EVENTS_DROPPED, () -> FunctionCounter
        .builder(AwoMeters.EVENTS_DROPPED, droppedEvents, LongSupplier::getAsLong)
        .description("Work order events the Micrometer listener dropped because its queue was full or it was closed")
        .register(registry));
  }

  /** Moves one work order from status {@code from} (or none) to {@code to}, for the gauge. */
  public void statusChanged(WorkOrderStatus from, WorkOrderStatus to) {
    if (from != null && !from.isTerminal()) {
      byStatus.get(from).decrementAndGet();
    }
    if (to != null && !to.isTerminal()) {
      byStatus.get(to).incrementAndGet();
    }
  }

  /** Adds a step result's cost and tokens, if it reports them. */
  public void spent(String workflow, String step, String agent, StepResult result) {
    if (result.costUsd() == null && result.tokenUsage() == null) {
      return;
    }
    StepTags tags = new StepTags(workflow, step, agent);
    StepMeters meters = stepMeters.get(tags);
    if (meters == null) {
      meters = new StepMeters(registry, tags.asTags());
      stepMeters.put(tags, meters);
    }
    meters.add(result);
  }

  /** Records one successful save that took {@code latency}. */
  public void saved(String workflow, Duration latency) {
    Timer timer = saves.get(workflow);
    if (timer == null) {
      timer = Timer.builder(AwoMeters.SAVE).tag("workflow", workflow)
          .description("Step history saves: from the step's end to the saved snapshot, retries included")
          .register(registry);
      saves.put(workflow, timer);
    }
    timer.record(latency);
  }

  /** Counts a save that failed after every retry. */
  public void saveFailed(String workflow) {
    Counter counter = saveFailures.get(workflow);
    if (counter == null) {
      counter = Counter.builder(AwoMeters.SAVE_FAILURES).tag("workflow", workflow)
          .description("Step history saves that failed after every retry").register(registry);
      saveFailures.put(workflow, counter);
    }
    counter.increment();
  }

  /** The tag values of the step meters. */
  private record StepTags(String workflow, String step, String agent) {
    Tags asTags() {
      return Tags.of("workflow", workflow, "step", step, "agent", agent);
    }
  }

  /** The cost counter and one token counter per kind, for one tag combination. */
  private static final class StepMeters {
    private final Counter cost;
    private final Counter input;
    private final Counter output;
    private final Counter cacheRead;
    private final Counter cacheCreation;

    StepMeters(MeterRegistry registry, Tags tags) {
      cost = Counter.builder(AwoMeters.COST).tags(tags).baseUnit("usd")
          .description("What agent calls cost, in US dollars").register(registry);
      input = tokens(registry, tags, "input");
      output = tokens(registry, tags, "output");
      cacheRead = tokens(registry, tags, "cache_read");
      cacheCreation = tokens(registry, tags, "cache_creation");
    }

    private static Counter tokens(MeterRegistry registry, Tags tags, String kind) {
      return Counter.builder(AwoMeters.TOKENS).tags(tags).tag(AwoMeters.KIND, kind).baseUnit("tokens")
          .description("Tokens agent calls used, by kind").register(registry);
    }

    void add(StepResult result) {
      if (result.costUsd() != null) {
        cost.increment(result.costUsd().doubleValue());
      }
      TokenUsage tokens = result.tokenUsage();
      if (tokens != null) {
        input.increment(tokens.inputTokens());
        output.increment(tokens.outputTokens());
        cacheRead.increment(tokens.cacheReadInputTokens());
        cacheCreation.increment(tokens.cacheCreationInputTokens());
      }
    }
  }
}
