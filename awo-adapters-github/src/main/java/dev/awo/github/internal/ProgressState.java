package dev.awo.github.internal;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;

/**
 * What the progress comment shows for one work order at one moment: the newest saved history, the
 * step running now, and the work order as last reported. Immutable; each event yields a new state.
 *
 * @param workOrderId whose progress this is
 * @param workOrder the work order from its latest status change
 * @param history the newest saved snapshot, or {@code null} before the first save
 * @param runningStep the step started and not yet saved, or {@code null}
 */
public record ProgressState(WorkOrderId workOrderId, WorkOrder workOrder, StepHistory history, String runningStep) {

  public ProgressState withWorkOrder(WorkOrder order) {
    return new ProgressState(workOrderId, order, history, order.status().isTerminal() ? null : runningStep);
  }

  /** Keeps the newer snapshot: events may be merged, never regress. */
  public ProgressState withHistory(StepHistory snapshot) {
    StepHistory newest = history == null || snapshot.version() >= history.version() ? snapshot : history;
    String running = runningStep;
    if (running != null && snapshot.latest().map(r -> r.step().equals(runningStep)).orElse(false)) {
      running = null;
    }
    return new ProgressState(workOrderId, workOrder, newest, running);
  }

  public ProgressState withRunningStep(String step) {
    return new ProgressState(workOrderId, workOrder, history, step);
  }

  public boolean terminal() {
    return workOrder != null && workOrder.status().isTerminal();
  }
}
