package dev.awo.examples;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hears when work orders end, so the runner can wait for the one it submitted. A work order can
 * end before {@code submit} has returned its id; the future is created by whichever side comes
 * first. Thread-safe.
 */
final class Completion implements WorkOrderListener {
  private final ConcurrentMap<WorkOrderId, CompletableFuture<WorkOrder>> ends = new ConcurrentHashMap<>();

  @Override
  public void onStatusChanged(WorkOrderEvent.StatusChanged event) {
    if (event.current().isTerminal()) {
      of(event.workOrderId()).complete(event.workOrder());
    }
  }

  /** Completes with the work order in its final state. */
  CompletableFuture<WorkOrder> of(WorkOrderId id) {
    return ends.computeIfAbsent(id, k -> new CompletableFuture<>());
  }
}
