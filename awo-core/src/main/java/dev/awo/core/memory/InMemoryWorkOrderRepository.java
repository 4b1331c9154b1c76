package dev.awo.core.memory;

import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.persistence.WorkOrderLeases;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps work orders, their idempotency keys and their {@link Lease}s in memory: the default when
 * the host supplies no repository, and the model of the contract (several orchestrators in one JVM
 * can share an instance). Reads never wait for writers. {@code list} sorts on every call, which
 * suits the thousands of work orders a single host keeps in memory, not millions. An {@link
 * InMemoryStepHistoryRepository} built over this instance fences its saves with these leases.
 *
 * <p>This class is thread-safe: writes, claims and fenced writes hold the instance's lock, so a
 * claim and a fenced write never interleave.
 */
public final class InMemoryWorkOrderRepository implements WorkOrderRepository, WorkOrderLeases {
  private static final Comparator<WorkOrder> OLDEST_FIRST =
      Comparator.comparing(WorkOrder::createdAt).thenComparing(WorkOrder::id);

  private final ConcurrentMap<WorkOrderId, WorkOrder> orders = new ConcurrentHashMap<>();
  private final Map<IdempotencyKey, WorkOrderId> keys = new ConcurrentHashMap<>(); // written under this
  private final Map<WorkOrderId, Lease> leases = new ConcurrentHashMap<>(); // written under this

  @Override
  public synchronized void save(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    holdKey(workOrder);
    orders.put(workOrder.id(), workOrder);
  }

  /** Stores it unless its id is taken, under the lock that saves take (so it is atomic). */
  @Override
  public synchronized boolean create(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    if (orders.containsKey(workOrder.id())) {
      return false;
    }
    holdKey(workOrder);
    orders.put(workOrder.id(), workOrder);
    return true;
  }

  private void holdKey(WorkOrder workOrder) {
    IdempotencyKey key = workOrder.idempotencyKey();
    if (key != null) {
      WorkOrderId holder = keys.putIfAbsent(key, workOrder.id());
      if (holder != null && !holder.equals(workOrder.id())) {
        throw new DuplicateIdempotencyKeyException(workOrder.id(), holder);
      }
    }
  }

  @Override
  public synchronized void save(WorkOrder workOrder, Lease lease) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    Objects.requireNonNull(lease, "lease must not be null");
    lease.requireFor(workOrder.id());
    runWhileHeld(lease, () -> save(workOrder));
  }

  @Override
  public Optional<WorkOrder> find(WorkOrderId id) {
    Objects.requireNonNull(id, "id must not be null");
    return Optional.ofNullable(orders.get(id));
  }

  @Override
  public Optional<WorkOrder> findByIdempotencyKey(IdempotencyKey key) {
    Objects.requireNonNull(key, "key must not be null");
    WorkOrderId id = keys.get(key);
    return id == null ? Optional.empty() : find(id);
  }

  @Override
  public List<WorkOrder> list() {
    return orders.values().stream().sorted(OLDEST_FIRST).toList();
  }

  @Override
  public List<WorkOrder> list(WorkOrderStatus status) {
    Objects.requireNonNull(status, "status must not be null");
    return orders.values().stream().filter(o -> o.status() == status).sorted(OLDEST_FIRST).toList();
  }

  @Override
  public Optional<Lease> lease(WorkOrderId workOrderId) {
    return Optional.ofNullable(leases.get(Objects.requireNonNull(workOrderId, "workOrderId must not be null")));
  }

  @Override
  public synchronized Optional<Lease> claim(
      WorkOrderId workOrderId, OwnerId owner, long expectedVersion, Instant now, Duration timeout) {
    Objects.requireNonNull(workOrderId, "workOrderId must not be null");
    Objects.requireNonNull(owner, "owner must not be null");
    Objects.requireNonNull(now, "now must not be null");
    Objects.requireNonNull(timeout, "timeout must not be null");
    WorkOrder order = orders.get(workOrderId);
    Lease last = leases.get(workOrderId);
    long stored = last == null ? 0 : last.version();
    if (order == null || order.status().isTerminal() || stored != expectedVersion
        || last != null && !last.expiredAt(now)) {
      return Optional.empty();
    }
    Lease granted = new Lease(workOrderId, owner, expectedVersion + 1, now.plus(timeout));
    leases.put(workOrderId, granted);
    return Optional.of(granted);
  }

  @Override
  public synchronized Optional<Lease> renew(Lease lease, Instant now, Duration timeout) {
    Objects.requireNonNull(now, "now must not be null");
    Objects.requireNonNull(timeout, "timeout must not be null");
    if (!holds(lease)) {
      return Optional.empty();
    }
    Lease renewed = lease.until(now.plus(timeout));
    leases.put(lease.workOrderId(), renewed);
    return Optional.of(renewed);
  }

  @Override
  public synchronized boolean release(Lease lease, Instant now) {
    Objects.requireNonNull(now, "now must not be null");
    if (!holds(lease)) {
      return false;
    }
    leases.put(lease.workOrderId(), lease.until(now));
    return true;
  }

  @Override
  public List<WorkOrderId> claimable(Instant now, int limit) {
    Objects.requireNonNull(now, "now must not be null");
    return orders.values().stream().filter(o -> !o.status().isTerminal())
        .filter(o -> lease(o.id()).map(l -> l.expiredAt(now)).orElse(true))
        .sorted(OLDEST_FIRST).limit(Math.max(0, limit)).map(WorkOrder::id).toList();
  }

  /**
   * Runs {@code write} while {@code lease} is the work order's current lease, under the lock that
   * claims take, so no claim can come between the check and the write.
   *
   * @throws LeaseLostException when the lease is not the current one; {@code write} does not run
   */
  public synchronized void runWhileHeld(Lease lease, Runnable write) {
    if (!holds(lease)) {
      Lease current = leases.get(lease.workOrderId());
      throw new LeaseLostException(lease, current == null ? "no lease"
          : "owner " + current.owner() + " at version " + current.version());
    }
    write.run();
  }

  private boolean holds(Lease lease) {
    Objects.requireNonNull(lease, "lease must not be null");
    Lease current = leases.get(lease.workOrderId());
    return current != null && current.owner().equals(lease.owner()) && current.version() == lease.version()
        && orders.containsKey(lease.workOrderId());
  }
}
