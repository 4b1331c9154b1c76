package dev.awo.core;

import dev.awo.domain.DiffStats;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a work order's run amounted to: its outcome, time per step, cost and tokens summed over
 * every attempt, the head commit at start and end, and the diff between them as git counts it (not
 * as the agent tells it).
 *
 * @param stepDurations total time per step, every attempt included, in the order steps first ran
 * @param costUsd the summed cost of the attempts that reported one, or null when none did
 * @param tokenUsage the summed tokens of the attempts that reported them, or null when none did
 * @param diffStats null until the run ended with a sandbox to measure
 */
public record WorkOrderMetrics(
    WorkOrderId workOrderId,
    WorkOrderStatus outcome,
    Map<String, Duration> stepDurations,
    Duration totalStepTime,
    BigDecimal costUsd,
    TokenUsage tokenUsage,
    String baseCommit,
    String headCommit,
    DiffStats diffStats) {

  public WorkOrderMetrics {
    stepDurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stepDurations));
  }

  /** Metrics of {@code order} from its saved {@code history}. */
  public static WorkOrderMetrics of(WorkOrder order, StepHistory history) {
    Map<String, Duration> durations = new LinkedHashMap<>();
    Duration total = Duration.ZERO;
    BigDecimal cost = null;
    TokenUsage tokens = null;
    for (StepResult r : history.results()) {
      durations.merge(r.step(), r.duration(), Duration::plus);
      total = total.plus(r.duration());
      if (r.costUsd() != null) {
        cost = cost == null ? r.costUsd() : cost.add(r.costUsd());
      }
      if (r.tokenUsage() != null) {
        tokens = tokens == null ? r.tokenUsage() : tokens.plus(r.tokenUsage());
      }
    }
    return new WorkOrderMetrics(order.id(), order.status(), durations, total, cost, tokens, order.baseCommit(),
        order.headCommit(), order.diffStats());
  }
}
