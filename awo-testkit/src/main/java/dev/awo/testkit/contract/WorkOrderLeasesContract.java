package dev.awo.testkit.contract;

import static dev.awo.testkit.contract.KitAssertions.assertSameValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderLeases;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of a store that several orchestrators share ({@link WorkOrderLeases} and the fenced
 * saves of {@link WorkOrderRepository} and {@link StepHistoryRepository}), as an abstract JUnit 5
 * class: extend it and supply {@link #createRepository()} returning the store's three views over
 * one database. Time is passed in as instants (the kit's own virtual clock, starting at {@link
 * TestValues#T0}), as the orchestrator passes its injected clock's.
 *
 * <pre>{@code
 * class MyLeasesTest extends WorkOrderLeasesContract {
 *   @Override protected Store createRepository() {
 *     MyWorkOrders workOrders = new MyWorkOrders(dataSource);        // implements WorkOrderRepository and WorkOrderLeases
 *     return Store.of(workOrders, new MyHistories(dataSource));
 *   }
 * }
 * }</pre>
 *
 * <p>Like the other kits, it cannot check durability: a committed claim, renewal or fenced save
 * must survive a crash of the host and of the database (see {@link WorkOrderLeases}).
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class WorkOrderLeasesContract extends RepositoryContract<WorkOrderLeasesContract.Store> {
  /** The timeout the kit claims with. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final OwnerId A = OwnerId.of("owner-a");
  private static final OwnerId B = OwnerId.of("owner-b");

  /** Creates the kit; a subclass supplies only {@link #createRepository()}. */
  protected WorkOrderLeasesContract() {}

  /**
   * The store under test: its work orders (with their leases) and its step histories, over one
   * database, so that a fenced history save sees the leases.
   *
   * @param workOrders the work order repository
   * @param leases the same store's leases (usually the same object as {@code workOrders})
   * @param histories the same store's step histories
   */
  public record Store(WorkOrderRepository workOrders, WorkOrderLeases leases, StepHistoryRepository histories) {
    /** A store whose work order repository also keeps the leases. */
    public static <W extends WorkOrderRepository & WorkOrderLeases> Store of(W workOrders, StepHistoryRepository histories) {
      return new Store(workOrders, workOrders, histories);
    }
  }

  private static Instant at(long seconds) {
    return TestValues.T0.plusSeconds(seconds);
  }

  private WorkOrder stored(WorkOrderStatus status) {
    WorkOrder order = TestValues.workOrder(TestValues.newId(), 0).withStatus(status, TestValues.T0);
    repository.workOrders().save(order);
    return order;
  }

  private Lease claimed(WorkOrder order, OwnerId owner, long expected, long atSecond) {
    return repository.leases().claim(order.id(), owner, expected, at(atSecond), TIMEOUT)
        .orElseThrow(() -> new AssertionError(owner + " could not claim " + order.id() + " at version " + expected));
  }

  /** Who may claim, and when. */
  @Nested
  @DisplayName("claiming")
  class Claiming {

    @Test
    @DisplayName("a work order never claimed is claimed at version 1 until now + timeout, and read back so")
    void claimNeverClaimed() {
      WorkOrder order = stored(WorkOrderStatus.PENDING);
      assertEquals(Optional.empty(), repository.leases().lease(order.id()), "the lease of a work order never claimed");
      Lease lease = claimed(order, A, 0, 0);
      assertSameValue(new Lease(order.id(), A, 1, at(30)), lease, "the granted lease");
      assertSameValue(lease, repository.leases().lease(order.id()).orElse(null), "the lease read back");
    }

    @Test
    @DisplayName("a claim with another version than the stored one fails (compare-and-set)")
    void claimNeedsTheStoredVersion() {
      WorkOrder order = stored(WorkOrderStatus.RUNNING);
      assertEquals(Optional.empty(), repository.leases().claim(order.id(), A, 3, at(0), TIMEOUT), "claim at version 3 of 0");
      Lease lease = claimed(order, A, 0, 0);
      assertEquals(Optional.empty(), repository.leases().claim(order.id(), B, 0, at(60), TIMEOUT),
          "claim of an expired lease at the old version 0");
      assertEquals(2, claimed(order, B, lease.version(), 60).version(), "version after the second claim");
    }

    @Test
    @DisplayName("a held lease cannot be claimed; terminal and unknown work orders cannot be claimed at all")
    void heldTerminalAndUnknownRefused() {
      WorkOrder order = stored(WorkOrderStatus.RUNNING);
      claimed(order, A, 0, 0);
      assertEquals(Optional.empty(), repository.leases().claim(order.id(), B, 1, at(29), TIMEOUT), "claim of a held lease");
      for (WorkOrderStatus status : List.of(WorkOrderStatus.COMPLETED, WorkOrderStatus.FAILED, WorkOrderStatus.CANCELLED)) {
        assertEquals(Optional.empty(), repository.leases().claim(stored(status).id(), A, 0, at(0), TIMEOUT),
            "claim of a " + status.wireName() + " work order");
      }
      assertEquals(Optional.empty(), repository.leases().claim(TestValues.newId(), A, 0, at(0), TIMEOUT),
          "claim of an unknown work order");
    }

    @Test
    @DisplayName("of 8 owners racing for one work order at one version, exactly one wins (20 rounds)")
    @Timeout(120)
    void claimsAreExclusiveUnderContention() throws Exception {
      WorkOrder order = stored(WorkOrderStatus.RUNNING);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        long version = 0;
        for (int round = 0; round < 20; round++) {
          Instant now = at(round * 60L);
          long expected = version;
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Optional<Lease>>> racers = new ArrayList<>();
          for (int r = 0; r < 8; r++) {
            OwnerId owner = OwnerId.of("racer-" + r);
            racers.add(pool.submit(() -> {
              go.await();
              return repository.leases().claim(order.id(), owner, expected, now, TIMEOUT);
            }));
          }
          go.countDown();
          List<Lease> winners = new ArrayList<>();
          for (Future<Optional<Lease>> racer : racers) {
            racer.get(60, TimeUnit.SECONDS).ifPresent(winners::add);
          }
          assertEquals(1, winners.size(), "round " + round + ": owners that won the claim " + winners);
          assertSameValue(winners.get(0), repository.leases().lease(order.id()).orElse(null),
              "round " + round + ": the stored lease");
          version = winners.get(0).version();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Expiry, renewal and release, all on the caller's clock. */
  @Nested
  @DisplayName("expiry on the injected clock")
  class Expiry {

    @Test
    @DisplayName("a lease is claimable exactly from its expiry on; claimable lists free live work orders, oldest first")
    void leasesExpireUnderTheInjectedClock() {
      WorkOrder held = stored(WorkOrderStatus.RUNNING);
      WorkOrder never = TestValues.workOrder(TestValues.newId(), 5);
      repository.workOrders().save(never);
      stored(WorkOrderStatus.COMPLETED);
      Lease lease = claimed(held, A, 0, 0);
      List<WorkOrderId> before = repository.leases().claimable(at(29), 1000);
      assertFalse(before.contains(held.id()), "claimable at 29 s lists the work order held until 30 s: " + before);
      assertTrue(before.contains(never.id()), "claimable lists a pending work order never claimed: " + before);
      List<WorkOrderId> after = repository.leases().claimable(at(30), 1000);
      assertTrue(after.indexOf(held.id()) >= 0 && after.indexOf(held.id()) < after.indexOf(never.id()),
          "claimable at 30 s lists the expired work order before the younger one: " + after);
      assertEquals(List.of(after.get(0)), repository.leases().claimable(at(30), 1), "claimable with limit 1");
      assertEquals(2, claimed(held, B, lease.version(), 30).version(), "version of the claim at expiry");
    }

    @Test
    @DisplayName("renewal moves the expiry on; an expired lease nobody claimed can still be renewed by its owner")
    void renewExtends() {
      WorkOrder order = stored(WorkOrderStatus.RUNNING);
      Lease lease = claimed(order, A, 0, 0);
      Lease renewed = repository.leases().renew(lease, at(20), TIMEOUT).orElse(null);
      assertSameValue(lease.until(at(50)), renewed, "the renewed lease");
      assertEquals(Optional.empty(), repository.leases().claim(order.id(), B, 1, at(40), TIMEOUT),
          "claim at 40 s of a lease renewed until 50 s");
      assertSameValue(lease.until(at(90)), repository.leases().renew(lease, at(60), TIMEOUT).orElse(null),
          "renewal at 60 s of the lease that expired at 50 s, nobody having claimed it");
    }

    @Test
    @DisplayName("a released lease can be claimed at once; release and renewal of a lost lease fail")
    void releaseFreesAtOnce() {
      WorkOrder order = stored(WorkOrderStatus.WAITING);
      Lease lease = claimed(order, A, 0, 0);
      assertTrue(repository.leases().release(lease, at(5)), "release of a held lease");
      assertTrue(repository.leases().claimable(at(5), 1000).contains(order.id()), "claimable right after the release");
      Lease taken = claimed(order, B, 1, 5);
      assertFalse(repository.leases().release(lease, at(6)), "release of a lease another owner claimed since");
      assertEquals(Optional.empty(), repository.leases().renew(lease, at(6), TIMEOUT), "renewal of a lost lease");
      assertSameValue(taken, repository.leases().lease(order.id()).orElse(null), "the lease after the refused calls");
    }
  }

  /** Fenced saves: only the current owner writes. */
  @Nested
  @DisplayName("stale writers")
  class StaleWriters {

    @Test
    @DisplayName("after another owner claimed, the old owner's work order and history saves are refused and change nothing")
    void staleOwnerWritesRefused() {
      WorkOrder order = stored(WorkOrderStatus.RUNNING);
      Lease old = claimed(order, A, 0, 0);
      WorkOrder step = order.withCurrentStep("plan", at(1));
      repository.workOrders().save(step, old);
      repository.histories().save(TestValues.history(order.id(), 2), old);
      assertSameValue(old, repository.leases().lease(order.id()).orElse(null), "the lease after fenced saves");
      Lease taken = claimed(order, B, old.version(), 31);
      assertThrows(LeaseLostException.class,
          () -> repository.workOrders().save(step.withStatus(WorkOrderStatus.COMPLETED, at(32)), old),
          "a work order save with the lost lease");
      assertThrows(LeaseLostException.class, () -> repository.histories().save(TestValues.history(order.id(), 3), old),
          "a history save with the lost lease");
      assertSameValue(step, repository.workOrders().find(order.id()).orElse(null), "the work order after refused saves");
      assertEquals(2L, (long) repository.histories().find(order.id()).map(StepHistory::version).orElse(-1L),
          "the history version after the refused save");
      WorkOrder next = step.withCurrentStep("implement", at(33));
      repository.workOrders().save(next, taken);
      repository.histories().save(TestValues.history(order.id(), 3), taken);
      assertSameValue(next, repository.workOrders().find(order.id()).orElse(null), "the new owner's save");
      assertSameValue(taken, repository.leases().lease(order.id()).orElse(null), "the lease after the new owner's saves");
    }

    @Test
    @DisplayName("a history save racing a claim either lands before it (and the claimant sees it) or is refused (20 rounds)")
    @Timeout(120)
    void fencedSaveRacingAClaim() throws Exception {
      ExecutorService writer = Executors.newSingleThreadExecutor();
      try {
        for (int round = 0; round < 20; round++) {
          WorkOrder order = stored(WorkOrderStatus.RUNNING);
          Lease old = claimed(order, A, 0, 0);
          AtomicLong acknowledged = new AtomicLong();
          CountDownLatch firstSaved = new CountDownLatch(1);
          Future<?> saves = writer.submit(() -> {
            for (int v = 1; v <= 200; v++) {
              try {
                repository.histories().save(TestValues.history(order.id(), v), old);
              } catch (LeaseLostException e) {
                return;
              }
              acknowledged.set(v);
              firstSaved.countDown();
            }
          });
          assertTrue(firstSaved.await(30, TimeUnit.SECONDS), "round " + round + ": the first fenced save");
          claimed(order, B, old.version(), 31);
          long seen = repository.histories().find(order.id()).map(StepHistory::version).orElse(0L);
          saves.get(60, TimeUnit.SECONDS);
          long stored = repository.histories().find(order.id()).map(StepHistory::version).orElse(0L);
          assertEquals(seen, stored, "round " + round + ": history version seen right after the claim vs. stored at the "
              + "end (a save of the old owner landed after the claim)");
          assertTrue(acknowledged.get() <= stored, "round " + round + ": saves acknowledged " + acknowledged.get()
              + " but stored " + stored);
        }
      } finally {
        writer.shutdownNow();
      }
    }
  }
}
