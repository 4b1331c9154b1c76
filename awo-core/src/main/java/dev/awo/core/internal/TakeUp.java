package dev.awo.core.internal;

import dev.awo.domain.WorkOrder;
import dev.awo.spi.persistence.Lease;

/**
 * What the orchestrator does with a work order it has just claimed from a dead or stopped owner:
 * rebuild its run from the store and carry it on under {@code lease}. The {@link LeaseKeeper}'s
 * takeover task calls it; recovery on start can use the same. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TakeUp {
  /**
   * Carries {@code order} on under {@code lease}, which this orchestrator holds now.
   *
   * @return false when it cannot (e.g. an unknown workflow); the caller then releases the lease
   */
  boolean takeUp(WorkOrder order, Lease lease);
}
