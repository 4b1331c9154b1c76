package dev.awo.testkit.contract;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Lease stores that each break one rule of {@link WorkOrderLeasesContract}, the way real stores do. */
final class BrokenLeases {
  private BrokenLeases() {}

  /** A correct store (one lock for claims and fenced writes) that the broken ones bend in one place each. */
  static class Correct extends BrokenWorkOrders.Correct implements WorkOrderLeases {
    final Map<WorkOrderId, Lease> leases = new ConcurrentHashMap<>();
    final Map<WorkOrderId, StepHistory> histories = new ConcurrentHashMap<>();
    final Object lock = new Object();

    /** This store as the kit's {@code Store}. */
    WorkOrderLeasesContract.Store store() {
      StepHistoryRepository history = new StepHistoryRepository() {
        @Override
        public void save(StepHistory snapshot) {
          histories.merge(snapshot.workOrderId(), snapshot, (a, b) -> b.version() >= a.version() ? b : a);
        }

        @Override
        public void save(StepHistory snapshot, Lease lease) {
          fenced(lease, () -> save(snapshot));
        }

        @Override
        public Optional<StepHistory> find(WorkOrderId id) {
          return Optional.ofNullable(histories.get(id));
        }
      };
      return WorkOrderLeasesContract.Store.of(this, history);
    }

    @Override
    public void save(WorkOrder workOrder, Lease lease) {
      fenced(lease, () -> save(workOrder));
    }

    /** Runs {@code write} if {@code lease} is held, atomically with the check. */
    void fenced(Lease lease, Runnable write) {
      synchronized (lock) {
        if (!holds(lease)) {
          throw new LeaseLostException(lease, null);
        }
        write.run();
      }
    }

    boolean holds(Lease lease) {
      Lease current = leases.get(lease.workOrderId());
      return current != null && current.owner().equals(lease.owner()) && current.version() == lease.version();
    }

    boolean free(WorkOrderId id, long expected, Instant now) {
      WorkOrder order = stored.get(id);
      Lease last = leases.get(id);
      return order != null && !order.status().isTerminal() && (last == null ? 0 : last.version()) == expected
          && (last == null || last.expiredAt(now));
    }

    @Override
    public Optional<Lease> lease(WorkOrderId id) {
      return Optional.ofNullable(leases.get(id));
    }

    @Override
    public Optional<Lease> claim(WorkOrderId id, OwnerId owner, long expected, Instant now, Duration timeout) {
      synchronized (lock) {
        if (!free(id, expected, now)) {
          return Optional.empty();
        }
        Lease granted = new Lease(id, owner, expected + 1, now.plus(timeout));
        leases.put(id, granted);
        return Optional.of(granted);
      }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Instant now, Duration timeout) {
      synchronized (lock) {
        if (!holds(lease)) {
          return Optional.empty();
        }
        Lease renewed = lease.until(now.plus(timeout));
        leases.put(lease.workOrderId(), renewed);
        return Optional.of(renewed);
      }
    }

    @Override
    public boolean release(Lease lease, Instant now) {
      synchronized (lock) {
        if (!holds(lease)) {
          return false;
        }
        leases.put(lease.workOrderId(), lease.until(now));
        return true;
      }
    }

    @Override
    public List<WorkOrderId> claimable(Instant now, int limit) {
      return list().stream().filter(o -> !o.status().isTerminal())
          .filter(o -> lease(o.id()).map(l -> l.expiredAt(now)).orElse(true)).limit(limit).map(WorkOrder::id).toList();
    }
  }

  /** Grants half the timeout asked for, as a store with its own idea of the lease length would. */
  static WorkOrderLeasesContract.Store grantingHalfTheTimeout() {
    return new Correct() {
      @Override
      public Optional<Lease> claim(WorkOrderId id, OwnerId owner, long expected, Instant now, Duration timeout) {
        return super.claim(id, owner, expected, now, timeout.dividedBy(2));
      }
    }.store();
  }

  /** Claims whatever version it is given: an expired lease can be claimed by anyone holding an old version. */
  static WorkOrderLeasesContract.Store ignoringTheExpectedVersion() {
    return new Correct() {
      @Override
      boolean free(WorkOrderId id, long expected, Instant now) {
        Lease last = leases.get(id);
        return super.free(id, last == null ? 0 : last.version(), now);
      }
    }.store();
  }

  /** Lets a held lease, or a terminal work order, be claimed. */
  static WorkOrderLeasesContract.Store claimingHeldLeases() {
    return new Correct() {
      @Override
      boolean free(WorkOrderId id, long expected, Instant now) {
        Lease last = leases.get(id);
        return stored.containsKey(id) && (last == null ? 0 : last.version()) == expected;
      }
    }.store();
  }

  /** Checks, then claims, without a lock or a conditional write: racing owners all win. */
  static WorkOrderLeasesContract.Store checkingThenClaimingWithoutALock() {
    return new Correct() {
      @Override
      public Optional<Lease> claim(WorkOrderId id, OwnerId owner, long expected, Instant now, Duration timeout) {
        if (!free(id, expected, now)) {
          return Optional.empty();
        }
        BrokenStepHistories.pause();
        Lease granted = new Lease(id, owner, expected + 1, now.plus(timeout));
        leases.put(id, granted);
        return Optional.of(granted);
      }
    }.store();
  }

  /** Compares expiry with the store's own clock instead of the caller's instants. */
  static WorkOrderLeasesContract.Store usingItsOwnClock() {
    return new Correct() {
      @Override
      boolean free(WorkOrderId id, long expected, Instant now) {
        return super.free(id, expected, Instant.now());
      }

      @Override
      public List<WorkOrderId> claimable(Instant now, int limit) {
        return super.claimable(Instant.now(), limit);
      }
    }.store();
  }

  /** Renews from the old expiry, not from now, as an "expires = expires + timeout" update would. */
  static WorkOrderLeasesContract.Store renewingFromTheOldExpiry() {
    return new Correct() {
      @Override
      public Optional<Lease> renew(Lease lease, Instant now, Duration timeout) {
        synchronized (lock) {
          if (!holds(lease)) {
            return Optional.empty();
          }
          Lease renewed = lease.until(leases.get(lease.workOrderId()).expiresAt().plus(timeout));
          leases.put(lease.workOrderId(), renewed);
          return Optional.of(renewed);
        }
      }
    }.store();
  }

  /** Release ignores the owner and version: a lost lease can still be released, freeing another owner's. */
  static WorkOrderLeasesContract.Store releasingLostLeases() {
    return new Correct() {
      @Override
      public boolean release(Lease lease, Instant now) {
        Lease current = leases.get(lease.workOrderId());
        if (current != null) {
          leases.put(lease.workOrderId(), current.until(now));
        }
        return current != null;
      }
    }.store();
  }

  /** Fenced saves store like plain saves: a stale owner overwrites the new owner's work. */
  static WorkOrderLeasesContract.Store fencingNothing() {
    return new Correct() {
      @Override
      void fenced(Lease lease, Runnable write) {
        write.run();
      }
    }.store();
  }

  /** Checks the lease, then writes, without holding the claims' lock: a claim can come in between. */
  static WorkOrderLeasesContract.Store checkingTheLeaseBeforeTheLock() {
    return new Correct() {
      @Override
      void fenced(Lease lease, Runnable write) {
        if (!holds(Objects.requireNonNull(lease, "lease"))) {
          throw new LeaseLostException(lease, null);
        }
        BrokenStepHistories.pause();
        write.run();
      }
    }.store();
  }
}
