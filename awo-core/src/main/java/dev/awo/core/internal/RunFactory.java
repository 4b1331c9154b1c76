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
    return build(order, StepHistory.empty(order.id()), workflow, completion, null);
  }

  /** A run for a work order found non-terminal after a restart, rebuilt from its saved history. */
  RunEntry recovered(WorkOrder order, StepHistory history, CompiledWorkflow workflow,
      CompletableFuture<WorkOrder> completion, RecoveryPlan plan) {
    return build(order, history, workflow, completion, plan);
  }

  private RunEntry build(WorkOrder order, StepHistory history, CompiledWorkflow workflow,
      CompletableFuture<WorkOrder> completion, RecoveryPlan recovered) {
    RunEvents events = new RunEvents(services.listeners(), services.listenerExecutor(), order.id().value());
    RunControl control = new RunControl();
    StoreRetry retry = new StoreRetry(services.saveRetry(), services.sleeper(), services.clock(), control);
    WorkOrderState state = new WorkOrderState(order, services.workOrders(), events, retry, control, services.clock());
    HistoryRecorder recorder = new HistoryRecorder(history, services.histories(), events, retry,
        services.saveFailurePolicy(), services.clock());
    RunParts parts = new RunParts(state, recorder, control, events);
    return new RunEntry(parts, completion, keep -> recovered != null
        ? WorkOrderRun.recovered(services, workflow, parts, keep, recovered)
        : new WorkOrderRun(services, workflow, parts, keep));
  }
}
