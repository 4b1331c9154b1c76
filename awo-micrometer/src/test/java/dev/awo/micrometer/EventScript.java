package dev.awo.micrometer;

import dev.awo.domain.SandboxType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the event sequence one work order produces, from the spi event types, for feeding a listener. */
public final class EventScript {
  static final String REQUEST = "Add a --verbose flag (secret request text)";

  private final List<WorkOrderEvent> events = new ArrayList<>();
  private final WorkOrderId id;
  private WorkOrder order;
  private StepHistory history;
  private Instant now = Instant.parse("2026-12-01T09:00:00Z");

  private EventScript(WorkOrderId id, String workflow, SandboxType sandboxType) {
    this.id = id;
    this.order = WorkOrder.builder(id, "https://github.com/acme/widgets", REQUEST).workflow(workflow)
        .sandboxType(sandboxType).createdAt(now).build();
    this.history = StepHistory.empty(id);
  }

  static EventScript workOrder(WorkOrderId id) {
    return new EventScript(id, "default", SandboxType.GIT_WORKTREE);
  }

  static EventScript workOrder(WorkOrderId id, String workflow, SandboxType sandboxType) {
    return new EventScript(id, workflow, sandboxType);
  }

  /** A work order id made from a number. */
  public static WorkOrderId id(int n) {
    return WorkOrderId.of(String.format("wo-%08x", n));
  }

  EventScript status(WorkOrderStatus next) {
    WorkOrderStatus previous = order.status();
    order = order.withStatus(next, tick());
    events.add(new WorkOrderEvent.StatusChanged(id, now, previous, next, order));
    return this;
  }

  EventScript started(String step, int attempt) {
    events.add(new WorkOrderEvent.StepStarted(id, tick(), step, attempt, 1, 7));
    return this;
  }

  EventScript saved(String step, int attempt, StepOutcome outcome) {
    return saved(result(step, attempt, outcome, "agent_" + step, new BigDecimal("0.25"), new TokenUsage(100, 50, 7, 3)));
  }

  EventScript saved(StepResult result) {
    history = history.append(result);
    events.add(new WorkOrderEvent.HistorySaved(id, tick(), history, result));
    return this;
  }

  /** The step's result is appended but its save fails after every retry. */
  EventScript saveFailed(String step, int attempt, StepOutcome outcome) {
    history = history.append(result(step, attempt, outcome, "agent_" + step, new BigDecimal("0.25"), TokenUsage.ZERO));
    events.add(new WorkOrderEvent.SaveFailed(id, tick(), history.version(), 5, "IOException: disk full", true));
    return this;
  }

  /** A step that starts and is saved, succeeding. */
  EventScript step(String step) {
    return started(step, 1).saved(step, 1, StepOutcome.SUCCEEDED);
  }

  StepResult result(String step, int attempt, StepOutcome outcome, String agent, BigDecimal cost, TokenUsage tokens) {
    Instant startedAt = now;
    return StepResult.builder(step, startedAt).agentName(agent).outcome(outcome).attempt(attempt)
        .output("output of " + step + " for " + REQUEST).errorMessage(outcome == StepOutcome.FAILED ? "boom " + REQUEST : null)
        .duration(Duration.ofMillis(400)).sessionId("session-" + id).costUsd(cost).tokenUsage(tokens).build();
  }

  /** A run of the given steps from pending to {@code end}. */
  public static EventScript run(WorkOrderId id, WorkOrderStatus end, String... steps) {
    EventScript script = workOrder(id).status(WorkOrderStatus.RUNNING);
    for (String step : steps) {
      script.step(step);
    }
    return script.status(end);
  }

  public List<WorkOrderEvent> events() {
    return List.copyOf(events);
  }

  void feed(WorkOrderListener listener) {
    events.forEach(listener::onEvent);
  }

  private Instant tick() {
    now = now.plusSeconds(1);
    return now;
  }
}
