package dev.awo.core.internal;

import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.persistence.Lease;
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

  /**
   * A run for a work order just accepted: empty history, nothing run yet, nothing stored (its
   * first write creates its row).
   */
  public RunEntry fresh(WorkOrder order, CompiledWorkflow workflow, CompletableFuture<WorkOrder> completion) {
    return build(order, StepHistory.empty(order.id()), workflow, completion, null, null, false);
  }

  /** A run for a stored pending work order this orchestrator claimed under {@code lease}. */
  RunEntry fresh(WorkOrder order, CompiledWorkflow workflow, CompletableFuture<WorkOrder> completion, Lease lease) {
    return build(order, StepHistory.empty(order.id()), workflow, completion, null, lease, true);
  }

  /** A run for a work order found non-terminal after a restart, rebuilt from its saved history. */
  RunEntry recovered(WorkOrder order, StepHistory history, CompiledWorkflow workflow,
      CompletableFuture<WorkOrder> completion, RecoveryPlan plan, Lease lease) {
    return build(order, history, workflow, completion, plan, lease, true);
  }

  /**
   * Wires the run; with leases, its {@link RunLease} holds {@code lease} from the start (a claimed
   * work order: even the recovery's own first writes are fenced) or claims one with its first row.
   * {@code stored} says whether the work order has a row in the store already.
   */
  private RunEntry build(WorkOrder order, StepHistory history, CompiledWorkflow workflow,
      CompletableFuture<WorkOrder> completion, RecoveryPlan recovered, Lease claimed, boolean stored) {
    RunParts parts = parts(order, history, true, claimed, stored);
    CompiledWorkflow run = workflow.withBudget(ownBudget(order));
    return new RunEntry(parts, completion, keep -> recovered != null
        ? WorkOrderRun.recovered(services, run, parts, keep, recovered)
        : new WorkOrderRun(services, run, parts, keep));
  }

  /**
   * The budget the work order's request set, kept on the work order: each limit it sets replaces
   * the workflow's, for a new run and for one recovered after a restart alike.
   */
  public static Budget ownBudget(WorkOrder order) {
    return Budget.of(order.maxCostUsd(), order.maxTurns());
  }

  /**
   * The per-work-order pieces (state, recorder, control, events) for {@code order}, its recorder
   * starting from {@code history}: wired as every run of this factory is.
   */
  public RunParts parts(WorkOrder order, StepHistory history) {
    return parts(order, history, false, null, true); // another engine owns the run: no awo lease
  }

  private RunParts parts(WorkOrder order, StepHistory history, boolean leased, Lease claimed, boolean stored) {
    RunEvents events = new RunEvents(services.listeners(), services.listenerExecutor(), order.id().value());
    RunControl control = new RunControl();
    StoreRetry retry = new StoreRetry(services.saveRetry(), services.sleeper(), services.clock(), control);
    RunLease lease = !leased || services.leases() == null ? RunLease.none(control)
        : new RunLease(services.leases(), services.clock(), control);
    if (claimed != null) {
      lease.adopt(claimed);
    }
    WorkOrderState state = new WorkOrderState(order, stored, services.workOrders(), events, retry, control,
        services.clock(), lease);
    HistoryRecorder recorder = new HistoryRecorder(history, services.histories(), events, retry,
        services.saveFailurePolicy(), services.clock(), lease);
    return new RunParts(state, recorder, control, events, lease);
  }
}
