package dev.awo.core.internal;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.WorkOrderLeases;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.process.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The orchestrator's background lease work, on one daemon thread: renews the lease of every run it
 * holds (every third of the lease timeout, real time), and takes over work orders whose lease
 * expired — a dead owner's — by claiming them and handing them to {@link TakeUp} (every {@code
 * takeoverPeriod}). Expiry is judged on the injected clock; the lease of an owner that provably died
 * on this machine (a crashed JVM before a restart) is taken at once. A work order never claimed is left to
 * its submitter for one lease timeout after its creation, so a takeover never races a submission.
 * Thread-safe.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final LeaseSettings settings;
  private final Clock clock;
  private final RunRegistry registry;
  private final WorkOrderRepository workOrders;
  private volatile TakeUp takeUp;
  private final ScheduledExecutorService timer;

  public LeaseKeeper(LeaseSettings settings, Clock clock, RunRegistry registry, WorkOrderRepository workOrders) {
    this.settings = settings;
    this.clock = clock;
    this.registry = registry;
    this.workOrders = workOrders;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "awo-leases-" + settings.owner());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts renewing and taking over, handing claimed work orders to {@code takeUp}. */
  public void start(TakeUp takeUp) {
    this.takeUp = takeUp;
    long renew = settings.renewPeriod().toMillis();
    timer.scheduleWithFixedDelay(quietly("lease_renewal_failed", this::renewAll), renew, renew, TimeUnit.MILLISECONDS);
    long takeover = settings.takeoverPeriod().toMillis();
    timer.scheduleWithFixedDelay(quietly("lease_takeover_failed", this::takeOverExpired), takeover, takeover,
        TimeUnit.MILLISECONDS);
  }

  /** Renews every lease a run of this orchestrator holds; a run whose renewal is refused stops. */
  public void renewAll() {
    for (RunEntry entry : registry.all()) {
      if (entry.lease().needsRenewal()) {
        try {
          entry.lease().renew();
        } catch (RuntimeException e) {
          // the store is unreachable: keep the lease and try again; it lapses if this lasts
          RunLog.at(LOG, Level.WARN, entry.id().value(), "lease_renewal_failed")
              .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
        }
      }
    }
  }

  /** A work order this orchestrator has just claimed, as the store held it right after the claim. */
  public record Claim(WorkOrder order, Lease lease) {}

  /**
   * Claims the work orders whose lease is free now and that no run here has, and hands each to the
   * {@link TakeUp}; one it does not take is released again.
   *
   * @return the ids taken over, oldest first
   */
  public List<WorkOrderId> takeOverExpired() {
    List<WorkOrderId> taken = new ArrayList<>();
    for (WorkOrderId id : settings.store().claimable(clock.instant(), LeaseSettings.TAKEOVER_BATCH)) {
      Optional<Claim> claim = workOrders.find(id).flatMap(this::claimIfFree);
      if (claim.isPresent() && hand(claim.get())) {
        taken.add(id);
      }
    }
    return taken;
  }

  /**
   * Claims {@code seen} for this orchestrator if it is not terminal, not run here, and its lease is
   * free now: expired, released, held by an owner that provably died on this machine ({@link
   * dev.awo.spi.persistence.OwnerId#isLocalAndDead()}: a restart after a crash goes on at once), or —
   * for a work order never claimed — one lease timeout after its creation (before that, its
   * submitter is about to claim it). {@code recover()} takes up only what this grants.
   */
  public Optional<Claim> claimIfFree(WorkOrder seen) {
    WorkOrderLeases store = settings.store();
    Instant now = clock.instant();
    if (seen.status().isTerminal() || registry.contains(seen.id())) {
      return Optional.empty();
    }
    Optional<Lease> last = store.lease(seen.id());
    Instant at = now;
    if (last.isEmpty()) {
      if (seen.createdAt().plus(settings.timeout()).isAfter(now)) {
        return Optional.empty();
      }
    } else if (!last.get().expiredAt(now)) {
      if (!last.get().owner().isLocalAndDead()) {
        return Optional.empty();
      }
      at = last.get().expiresAt(); // its owner died on this machine: claim as of its expiry, without waiting for it
    }
    Optional<Lease> claimed = store.claim(seen.id(), settings.owner(), last.map(Lease::version).orElse(0L), at,
        settings.timeout());
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    Optional<WorkOrder> after = workOrders.find(seen.id()); // as the last owner left it
    if (after.isEmpty() || after.get().status().isTerminal()) {
      release(claimed.get());
      return Optional.empty();
    }
    return Optional.of(new Claim(after.get(), claimed.get()));
  }

  /** Gives a claimed lease back at once (a work order that could not be taken up). */
  public void release(Lease lease) {
    settings.store().release(lease, clock.instant());
  }

  private boolean hand(Claim claim) {
    WorkOrderId id = claim.order().id();
    boolean taken = false;
    try {
      taken = takeUp.takeUp(claim.order(), claim.lease());
      if (taken) {
        RunLog.at(LOG, Level.INFO, id.value(), "work_order_taken_over")
            .addKeyValue("status", claim.order().status().wireName())
            .addKeyValue("lease_version", claim.lease().version()).log();
      }
    } catch (RuntimeException e) {
      RunLog.at(LOG, Level.ERROR, id.value(), "work_order_takeover_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).setCause(e).log();
    }
    if (!taken) {
      release(claim.lease());
    }
    return taken;
  }

  private static Runnable quietly(String event, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.atWarn().addKeyValue("event", event)
            .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log(event);
      }
    };
  }

  /** Stops the background work; leases held are released by the runs as they stop. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The lease timeout, for callers that report it. */
  public Duration timeout() {
    return settings.timeout();
  }
}
