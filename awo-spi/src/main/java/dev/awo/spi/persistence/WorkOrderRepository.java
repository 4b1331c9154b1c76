package dev.awo.spi.persistence;

import dev.awo.domain.IdempotencyKey;
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
 * returns, and is durable then (it survives a crash of the host and of the database); {@code find}
 * of an unknown id is empty; {@code list} returns work orders oldest first (by creation time, then
 * id); {@code create} stores a work order only when no work order has its id yet and never changes
 * an existing one, even when two hosts create one id at the same moment; null arguments are refused
 * with an exception naming them. Idempotency keys are unique: a
 * save of a work order whose {@link WorkOrder#idempotencyKey()} another work order already holds
 * throws {@link DuplicateIdempotencyKeyException} and stores nothing, even when two stores' hosts
 * save at the same moment (e.g. a unique constraint on the key's column). A store that also
 * implements {@link WorkOrderLeases} (so that several orchestrators can share it) provides the
 * fenced {@link #save(WorkOrder, Lease)}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface WorkOrderRepository {

  /** Creates or replaces the work order with {@code workOrder.id()}. */
  void save(WorkOrder workOrder);

  /**
   * Stores {@code workOrder} as a new work order, unless one with its id is stored already; an
   * existing work order is never changed. The orchestrator writes every work order's first row
   * with it, so that two orchestrators (or one after a restart) that draw the same id cannot
   * overwrite each other's work order: the one refused draws another id. Idempotency keys are
   * checked as {@link #save(WorkOrder)} checks them.
   *
   * <p><b>The default is not atomic:</b> it looks the id up with {@link #find} and then calls
   * {@link #save(WorkOrder)}, so two hosts creating one id at the same moment can both get
   * {@code true}, and the later one replaces the earlier's row. That is enough for a store used by
   * one orchestrator (it never creates one id twice at once) and is there so that stores written
   * before 0.2.0 compile; {@code WorkOrderRepositoryContract} fails it. Override it with an
   * insert-if-absent: a plain {@code INSERT} whose unique-key violation on the id answers {@code
   * false} (the JDBC store), or {@code putIfAbsent} on a concurrent map (the in-memory store).
   *
   * @return true when it was stored, false when a work order with its id exists (nothing was changed)
   * @throws DuplicateIdempotencyKeyException when another work order holds its idempotency key;
   *     nothing is stored
   * @since 0.2.0
   */
  default boolean create(WorkOrder workOrder) {
    java.util.Objects.requireNonNull(workOrder, "workOrder must not be null");
    if (find(workOrder.id()).isPresent()) {
      return false;
    }
    save(workOrder);
    return true;
  }

  /**
   * Creates or replaces the work order as {@link #save(WorkOrder)} does, but only while {@code lease}
   * is its current lease (same owner, same version), checked atomically with the write; the lease
   * columns themselves are left as they are. The default refuses, naming what to implement.
   *
   * @throws LeaseLostException when the lease is no longer the current one; nothing is stored
   * @throws UnsupportedOperationException when the implementation has no fenced save
   */
  default void save(WorkOrder workOrder, Lease lease) {
    throw new UnsupportedOperationException(getClass().getName() + " has no fenced save: implement "
        + "save(WorkOrder, Lease) to use it with work order leases (see WorkOrderLeases)");
  }

  /**
   * The work order holding this idempotency key, or empty. The default scans {@link #list()}; a
   * store with many work orders should look the key up (the JDBC store has an index on it).
   */
  default Optional<WorkOrder> findByIdempotencyKey(IdempotencyKey key) {
    java.util.Objects.requireNonNull(key, "key must not be null");
    return list().stream().filter(o -> key.equals(o.idempotencyKey())).findFirst();
  }

  /** The work order with this id, or empty. */
  Optional<WorkOrder> find(WorkOrderId id);

  /** Every work order, oldest first. */
  List<WorkOrder> list();

  /** The work orders with this status, oldest first. */
  List<WorkOrder> list(WorkOrderStatus status);
}
