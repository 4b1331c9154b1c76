package dev.awo.core.memory;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
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
 * <p>This class is thread-safe.
 */
public final class InMemoryStepHistoryRepository implements StepHistoryRepository {
  private final ConcurrentMap<WorkOrderId, StepHistory> histories = new ConcurrentHashMap<>();

  @Override
  public void save(StepHistory snapshot) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    histories.merge(snapshot.workOrderId(), snapshot,
        (stored, offered) -> offered.version() >= stored.version() ? offered : stored);
  }

  @Override
  public Optional<StepHistory> find(WorkOrderId workOrderId) {
    Objects.requireNonNull(workOrderId, "workOrderId must not be null");
    return Optional.ofNullable(histories.get(workOrderId));
  }
}
