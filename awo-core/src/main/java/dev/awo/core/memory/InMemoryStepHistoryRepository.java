package dev.awo.core.memory;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps step histories in memory: the default when the host supplies no repository, and the model
 * of the contract. A save stores a reference to the immutable snapshot (no copy, so it costs the
 * same at any history length); a read is a lock-free map lookup that never waits for a writer.
 *
 * <p>Fenced saves ({@link #save(StepHistory, Lease)}) check the leases of the {@link
 * InMemoryWorkOrderRepository} given to the constructor, atomically with the write. Built without
 * one, a fenced save cannot check anything and stores like a plain save: that suits a single
 * orchestrator, not several sharing the store.
 *
 * <pre>{@code
 * InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
 * InMemoryStepHistoryRepository histories = new InMemoryStepHistoryRepository(workOrders);
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryStepHistoryRepository implements StepHistoryRepository {
  private final ConcurrentMap<WorkOrderId, StepHistory> histories = new ConcurrentHashMap<>();
  private final InMemoryWorkOrderRepository leases;

  /** A repository whose fenced saves store without a lease check (one orchestrator only). */
  public InMemoryStepHistoryRepository() {
    this.leases = null;
  }

  /** A repository whose fenced saves check the leases kept by {@code leases}. */
  public InMemoryStepHistoryRepository(InMemoryWorkOrderRepository leases) {
    this.leases = Objects.requireNonNull(leases, "leases must not be null");
  }

  @Override
  public void save(StepHistory snapshot) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    histories.merge(snapshot.workOrderId(), snapshot,
        (stored, offered) -> offered.version() >= stored.version() ? offered : stored);
  }

  @Override
  public void save(StepHistory snapshot, Lease lease) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    Objects.requireNonNull(lease, "lease must not be null");
    lease.requireFor(snapshot.workOrderId());
    if (leases == null) {
      save(snapshot);
    } else {
      leases.runWhileHeld(lease, () -> save(snapshot));
    }
  }

  @Override
  public Optional<StepHistory> find(WorkOrderId workOrderId) {
    Objects.requireNonNull(workOrderId, "workOrderId must not be null");
    return Optional.ofNullable(histories.get(workOrderId));
  }
}
