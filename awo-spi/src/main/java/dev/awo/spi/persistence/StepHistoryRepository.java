package dev.awo.spi.persistence;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import java.util.Optional;

/**
 * Stores each work order's {@link StepHistory}. Supplied by the host (awo-core has an in-memory
 * default); the orchestrator calls {@link #save} synchronously after every step attempt, before the
 * next step starts and before listeners hear of it.
 *
 * <p>The contract, checked by {@code StepHistoryRepositoryContract} in awo-testkit:
 * <ul>
 *   <li>{@code save} has snapshot semantics: afterwards the stored history is exactly the given
 *       snapshot. Because histories only grow, an implementation that knows the stored version may
 *       store only {@code snapshot.resultsFrom(storedVersion)}.
 *   <li>A save whose version is lower than the stored one is ignored: the stored history never
 *       regresses. A save of the same version may replace or be ignored.
 *   <li>Once {@code save} returns, every thread's {@code find} sees that version or a later one.
 *   <li>{@code find} returns a consistent snapshot (never a mix of two saves), never waits for a
 *       writer longer than a single read takes, and returns empty for an id never saved.
 *   <li>Invalid arguments (null) are refused with an exception naming them, before anything is stored.
 *   <li><b>A committed save is durable</b>: once {@code save} returns, the history survives a crash of
 *       the host process and of the database (a database that acknowledges commits before they are
 *       on disk, such as embedded H2 without {@code WRITE_DELAY=0}, breaks awo's promise).
 *   <li>With leases ({@link WorkOrderLeases}), {@link #save(StepHistory, Lease)} stores only while
 *       the lease is the work order's current one, checked atomically with the write.
 * </ul>
 *
 * <p>Implementations must be thread-safe: saves for different work orders may come from different
 * threads at once, and reads from any thread at any time.
 */
public interface StepHistoryRepository {

  /**
   * Stores {@code snapshot} as the history of its work order, unless a higher version is stored.
   *
   * @throws RuntimeException when storing fails; the orchestrator retries according to its policy
   */
  void save(StepHistory snapshot);

  /**
   * Stores {@code snapshot} as {@link #save(StepHistory)} does, but only while {@code lease} is still
   * the work order's current lease in the {@link WorkOrderLeases} of the same store (same owner, same
   * version); the check and the write are one atomic step, so a claim by another owner either comes
   * before (this save is refused) or after (this save is kept and the new owner sees it). Needed by
   * orchestrators that share a store; the default refuses, naming what to implement.
   *
   * @throws LeaseLostException when the lease is no longer the current one; nothing is stored
   * @throws UnsupportedOperationException when the implementation has no fenced save
   */
  default void save(StepHistory snapshot, Lease lease) {
    throw new UnsupportedOperationException(getClass().getName() + " has no fenced save: implement "
        + "save(StepHistory, Lease) to use it with work order leases (see WorkOrderLeases)");
  }

  /** The stored history of {@code workOrderId}, or empty if none was ever saved. */
  Optional<StepHistory> find(WorkOrderId workOrderId);
}
