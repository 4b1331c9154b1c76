package dev.awo.core.internal;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The lease one run holds on its work order, and the one gate of its writes: while a lease is held,
 * every save goes through the store's fenced save with it; once the store refuses one (another
 * owner claimed the work order) or a renewal fails, the lease is <b>lost</b> for good — the run is
 * stopped ({@link RunControl#cancel()}) and nothing more of it is written or announced. Without
 * leases ({@link #none(RunControl)}) saves are plain and the lease is never lost. Thread-safe.
 */
public final class RunLease {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

  private final LeaseSettings settings; // null: no leases
  private final Clock clock;
  private final RunControl control;
  private volatile Lease held;
  private volatile boolean released;
  private volatile boolean lost;
  private volatile LeaseLostException lostBecause;

  RunLease(LeaseSettings settings, Clock clock, RunControl control) {
    this.settings = settings;
    this.clock = clock;
    this.control = control;
  }

  /** A run without leases: plain saves, never lost. */
  static RunLease none(RunControl control) {
    return new RunLease(null, Clock.systemUTC(), control);
  }

  /** Whether the store keeps leases for this run. */
  public boolean enabled() {
    return settings != null;
  }

  /** The lease held now, if any. */
  public Optional<Lease> held() {
    return Optional.ofNullable(held);
  }

  /** True once another owner took the work order: the run must neither write nor announce anything more. */
  public boolean lost() {
    return lost;
  }

  /** Takes over a lease the orchestrator claimed for this run (a takeover or a recovery). */
  public void adopt(Lease lease) {
    held = lease;
  }

  /**
   * Claims the lease of a work order whose first row was just stored (expected version 0).
   *
   * @throws LeaseLostException when another owner claimed it first; the run is stopped
   */
  void claimFirst(WorkOrderId id) {
    if (settings == null || held != null) {
      return;
    }
    Optional<Lease> claimed = settings.store().claim(id, settings.owner(), 0, clock.instant(), settings.timeout());
    if (claimed.isEmpty()) {
      Lease other = settings.store().lease(id).orElse(new Lease(id, settings.owner(), 1, clock.instant()));
      throw markLost(new LeaseLostException(other, "claimed by another owner before this one"));
    }
    held = claimed.get();
  }

  /** Writes {@code order}, fenced while a lease is held. */
  void save(WorkOrderRepository repository, WorkOrder order) {
    Lease lease = held;
    try {
      if (lease == null) {
        repository.save(order);
      } else {
        repository.save(order, lease);
      }
    } catch (LeaseLostException e) {
      throw markLost(e);
    }
  }

  /** Saves {@code snapshot}, fenced while a lease is held. */
  void save(StepHistoryRepository repository, StepHistory snapshot) {
    Lease lease = held;
    try {
      if (lease == null) {
        repository.save(snapshot);
      } else {
        repository.save(snapshot, lease);
      }
    } catch (LeaseLostException e) {
      throw markLost(e);
    }
  }

  /** Renews the held lease (called by the lease keeper); a refused renewal loses it. */
  void renew() {
    Lease lease = held;
    if (settings == null || lease == null || released || lost) {
      return;
    }
    Optional<Lease> renewed = settings.store().renew(lease, clock.instant(), settings.timeout());
    if (renewed.isPresent()) {
      held = renewed.get();
    } else {
      markLost(new LeaseLostException(lease, null));
    }
  }

  /** Whether the keeper should renew this lease. */
  boolean needsRenewal() {
    return settings != null && held != null && !released && !lost;
  }

  /** Gives the lease up (the run ended, or the orchestrator closes); a failure is logged, not thrown. */
  public void release() {
    Lease lease = held;
    if (settings == null || lease == null || released || lost) {
      return;
    }
    released = true;
    try {
      settings.store().release(lease, clock.instant());
    } catch (RuntimeException e) {
      RunLog.at(LOG, Level.WARN, lease.workOrderId().value(), "lease_release_failed")
          .addKeyValue("error", String.valueOf(e.getMessage())).log();
    }
  }

  /** Why the lease was lost, or null while it is not. */
  public LeaseLostException lostBecause() {
    return lostBecause;
  }

  private LeaseLostException markLost(LeaseLostException e) {
    if (!lost) {
      lostBecause = e;
      lost = true;
      RunLog.at(LOG, Level.WARN, e.workOrderId().value(), "lease_lost").addKeyValue("error", e.getMessage()).log();
      control.cancel();
    }
    return e;
  }
}
