package dev.awo.core.internal;

import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the one {@link RunEntry} of a work order — its state, recorder, event publisher, control
 * and run, wired the same way whether the work order is new or recovered from the repositories
 * after a restart. Thread-safe (immutable).
 */
public final class RunFactory {
  private final RunServices services;

  public RunFactory(RunServices services) {
    this.services = services;
  }

  /** A run for a work order just accepted: empty history, nothing run yet. */
  public RunEntry fresh(WorkOrder order, CompiledWorkflow workflow, CompletableFuture<WorkOrder> completion) {
    return build(order, StepHistory.empty(order.id()), workflow, completion, false);
  }

  /** A run for a waiting work order rebuilt from its saved history. */
  public RunEntry recovered(WorkOrder order, StepHistory history, CompiledWorkflow workflow,
      CompletableFuture<WorkOrder> completion) {
    return build(order, history, workflow, completion, true);
  }

  private RunEntry build(WorkOrder order, StepHistory history, CompiledWorkflow workflow,
      CompletableFuture<WorkOrder> completion, boolean recovered) {
    RunParts parts = parts(order, history);
    return new RunEntry(parts, completion, keep -> recovered
        ? WorkOrderRun.recovered(services, workflow, parts, keep)
        : new WorkOrderRun(services, workflow, parts, keep));
  }

  /**
   * The per-work-order pieces (state, recorder, control, events) for {@code order}, its recorder
   * starting from {@code history}: wired as every run of this factory is.
   */
  public RunParts parts(WorkOrder order, StepHistory history) {
    RunEvents events = new RunEvents(services.listeners(), services.listenerExecutor(), order.id().value());
    WorkOrderState state = new WorkOrderState(order, services.workOrders(), events, services.clock());
    HistoryRecorder recorder = new HistoryRecorder(history, services.histories(), events, services.saveRetry(),
        services.saveFailurePolicy(), services.sleeper(), services.clock());
    return new RunParts(state, recorder, new RunControl(), events);
  }
}
