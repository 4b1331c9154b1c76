package dev.awo.core.internal;

import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.persistence.WorkOrderLeases;
import java.time.Duration;

/**
 * How an orchestrator holds leases: the store's {@link WorkOrderLeases}, its own owner id, the
 * lease timeout, and the real-time periods of renewal (a third of the timeout) and of the takeover
 * of expired work orders. Immutable.
 *
 * @param store the leases of the work order store
 * @param owner this orchestrator's identity
 * @param timeout how long a lease lasts without renewal, on the injected clock
 * @param takeoverPeriod how often the background task looks for work orders to take over
 */
public record LeaseSettings(WorkOrderLeases store, OwnerId owner, Duration timeout, Duration takeoverPeriod) {
  /** How many claimable work orders one takeover round looks at. */
  public static final int TAKEOVER_BATCH = 100;

  /** How often held leases are renewed: a third of the timeout, at least every 10 ms. */
  public Duration renewPeriod() {
    return timeout.dividedBy(3).compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : timeout.dividedBy(3);
  }
}
