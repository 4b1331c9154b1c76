package dev.awo.spi.persistence;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.util.List;
import java.util.Optional;

/**
 * Stores work orders. Supplied by the host (awo-core has an in-memory default); the orchestrator
 * writes every change of status and of the running step as it happens.
 *
 * <p>The contract, checked by {@code WorkOrderRepositoryContract} in awo-testkit: {@code
 * save} creates or replaces the work order with that id and is visible to every thread once it
 * returns; {@code find} of an unknown id is empty; {@code list} returns work orders oldest first
 * (by creation time, then id); null arguments are refused with an exception naming them.
 *
 * <p>Implementations must be thread-safe.
 */
public interface WorkOrderRepository {

  /** Creates or replaces the work order with {@code workOrder.id()}. */
  void save(WorkOrder workOrder);

  /** The work order with this id, or empty. */
  Optional<WorkOrder> find(WorkOrderId id);

  /** Every work order, oldest first. */
  List<WorkOrder> list();

  /** The work orders with this status, oldest first. */
  List<WorkOrder> list(WorkOrderStatus status);
}
