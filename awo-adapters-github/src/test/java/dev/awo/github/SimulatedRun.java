package dev.awo.github;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Feeds a listener the events a run of the default seven-step workflow produces. */
final class SimulatedRun {
  static final List<String> STEPS =
      List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr");

  private final WorkOrderListener listener;
  private WorkOrder order;
  private StepHistory history;
  private Instant now = Instant.parse("2025-01-01T10:00:00Z");

  SimulatedRun(WorkOrderListener listener, WorkOrderId id, String repositoryUrl, Integer issue) {
    this.listener = listener;
    this.order = WorkOrder.builder(id, repositoryUrl, "Fix the thing").issueNumber(issue).createdAt(now).build();
    this.history = StepHistory.empty(id);
  }

  SimulatedRun status(WorkOrderStatus status) {
    WorkOrder previous = order;
    order = order.withStatus(status, tick(Duration.ofMillis(5)));
    listener.onEvent(new WorkOrderEvent.StatusChanged(order.id(), now, previous.status(), status, order));
    return this;
  }

  SimulatedRun finish(WorkOrderStatus status, String prUrl, String error) {
    WorkOrder previous = order;
    order = order.toBuilder().status(status).prUrl(prUrl).errorMessage(error).currentStep(null)
        .updatedAt(tick(Duration.ofMillis(5))).build();
    listener.onEvent(new WorkOrderEvent.StatusChanged(order.id(), now, previous.status(), status, order));
    return this;
  }

  /** Step {@code index} (0-based) starts, takes {@code seconds}, and its result is saved. */
  SimulatedRun step(int index, double seconds, String cost, String error) {
    String step = STEPS.get(index);
    Instant started = tick(Duration.ofMillis(1));
    listener.onEvent(new WorkOrderEvent.StepStarted(order.id(), started, step, 1, index + 1, STEPS.size()));
    Duration took = Duration.ofMillis(Math.round(seconds * 1000));
    StepResult.Builder result = StepResult.builder(step, started).agentName(step + "_agent").duration(took)
        .costUsd(cost == null ? null : new BigDecimal(cost));
    StepResult built = (error == null ? result.succeeded("ok") : result.failed(error)).build();
    history = history.append(built);
    listener.onEvent(new WorkOrderEvent.HistorySaved(order.id(), tick(took), history, built));
    return this;
  }

  private Instant tick(Duration d) {
    now = now.plus(d);
    return now;
  }
}
