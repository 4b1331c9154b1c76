package dev.awo.testkit.contract;

import static dev.awo.testkit.contract.KitAssertions.assertSameValue;
import static dev.awo.testkit.contract.StepHistoryRepositoryContract.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.DiffStats;
import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link WorkOrderRepository} must honour, as an abstract JUnit 5 class: extend
 * it and supply only {@link #createRepository()}. The listing tests need a repository that holds only
 * what the test saved: return an empty one (a fresh schema or table) from {@code createRepository}.
 *
 * <pre>{@code
 * class MyWorkOrderRepositoryTest extends WorkOrderRepositoryContract {
 *   @Override protected WorkOrderRepository createRepository() { return new MyWorkOrderRepository(freshSchema()); }
 * }
 * }</pre>
 *
 * <p>Grouped by theme like {@link StepHistoryRepositoryContract}; every rule is one a repository can
 * break, and awo-testkit's own tests keep a broken repository for each. {@link
 * WorkOrderRepository#create} must be atomic: a store relying on its default (look up, then save)
 * fails {@code createUnderContention}.
 *
 * <p><b>What the kit cannot check: durability.</b> A committed save must survive a crash of the
 * host process and of the database (awo's promise to its users rests on it); a kit running in one
 * process cannot kill it. Make sure the database acknowledges a commit only once it is on disk
 * (PostgreSQL's default {@code synchronous_commit=on}; embedded H2 only with {@code WRITE_DELAY=0}),
 * and prove it with a crash test of your own if you can. A store shared by several orchestrators
 * must also pass {@link WorkOrderLeasesContract}.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class WorkOrderRepositoryContract extends RepositoryContract<WorkOrderRepository> {

  /** Creates the kit; a subclass supplies only {@link #createRepository()}. */
  protected WorkOrderRepositoryContract() {}

  private WorkOrder saveAndFind(WorkOrder order) {
    repository.save(order);
    return repository.find(order.id()).orElseThrow(
        () -> new AssertionError("nothing was found for " + order.id() + " right after saving it"));
  }

  /** A work order with every optional field set. */
  static WorkOrder full(WorkOrderId id) {
    return TestValues.workOrder(id, 1).toBuilder()
        .issueNumber(42).sandboxType(SandboxType.GIT_WORKTREE).workflow("default").status(WorkOrderStatus.FAILED)
        .currentStep("implement").branchName("feature-" + id + "-flag").prUrl("https://github.com/acme/widgets/pull/7")
        .errorMessage("step 'implement' failed: ✗ \"quoted\"").baseCommit("a".repeat(40)).headCommit("b".repeat(40))
        .diffStats(new DiffStats(3, 120, 7)).sandboxPath("/tmp/awo/" + id).updatedAt(TestValues.T0.plusSeconds(90))
        .idempotencyKey(IdempotencyKey.of("key-" + id + "-~!{}"))
        .maxCostUsd(new BigDecimal("0.0325")).maxTurns(40)
        .build();
  }

  /** What a save stores is what a read returns, exactly. */
  @Nested
  @DisplayName("what is read back")
  class ReadingBack {

    @Test
    @DisplayName("an id that was never saved gives an empty result, not an exception")
    void unknownIdIsEmpty() {
      assertEquals(Optional.empty(), repository.find(TestValues.newId()));
    }

    @Test
    @DisplayName("a saved work order is read back equal, every field intact")
    void roundTripEveryField() {
      WorkOrder order = full(TestValues.newId());
      assertSameValue(order, saveAndFind(order), "the work order read back");
    }

    @Test
    @DisplayName("a work order with only the required fields is read back with the optional ones null")
    void roundTripMinimal() {
      WorkOrder minimal = TestValues.workOrder(TestValues.newId(), 2);
      assertSameValue(minimal, saveAndFind(minimal), "the minimal work order read back");
    }

    @Test
    @DisplayName("a long request and non-ASCII text (emoji and other astral characters) are read back exactly")
    void longAndNonAsciiText() {
      WorkOrderId id = TestValues.newId();
      WorkOrder order = WorkOrder.builder(id, "https://github.com/acme/widgets", TestValues.longText(256 * 1024))
          .createdAt(TestValues.T0).status(WorkOrderStatus.PENDING).errorMessage(TestValues.AWKWARD_TEXT)
          .currentStep("step " + TestValues.AWKWARD_TEXT).build();
      assertSameValue(order, saveAndFind(order), "the work order with long and non-ASCII text read back");
    }

    @Test
    @DisplayName("created and updated times are read back to the nanosecond")
    void timeToTheNanosecond() {
      WorkOrder order = TestValues.workOrder(TestValues.newId(), 4).toBuilder()
          .createdAt(TestValues.T0.plusNanos(1)).updatedAt(TestValues.T0.plusSeconds(1).plusNanos(999)).build();
      assertSameValue(order, saveAndFind(order), "the work order with nanosecond times read back");
    }

    @Test
    @DisplayName("each work order is read back under its own id, never another's")
    void ownWorkOrderOnly() {
      WorkOrder a = full(TestValues.newId());
      WorkOrder b = full(TestValues.newId());
      repository.save(a);
      repository.save(b);
      assertSameValue(a, repository.find(a.id()).orElse(null), "the work order " + a.id());
      assertSameValue(b, repository.find(b.id()).orElse(null), "the work order " + b.id());
    }
  }

  /** A save replaces; lists are ordered and filtered. */
  @Nested
  @DisplayName("saving and listing")
  class SavingAndListing {

    @Test
    @DisplayName("saving a work order again replaces it; it is listed once")
    void saveReplaces() {
      WorkOrder order = TestValues.workOrder(TestValues.newId(), 3);
      repository.save(order);
      WorkOrder running = order.withStatus(WorkOrderStatus.RUNNING, order.createdAt().plusSeconds(1))
          .withCurrentStep("classify", order.createdAt().plusSeconds(2));
      assertSameValue(running, saveAndFind(running), "the work order saved twice");
      assertEquals(1, repository.list().stream().filter(o -> o.id().equals(order.id())).count(),
          "times the work order is listed");
    }

    @Test
    @DisplayName("list returns every work order, oldest first")
    void listOldestFirst() {
      WorkOrder late = TestValues.workOrder(TestValues.newId(), 30);
      WorkOrder early = TestValues.workOrder(TestValues.newId(), 10);
      WorkOrder middle = TestValues.workOrder(TestValues.newId(), 20);
      repository.save(late);
      repository.save(early);
      repository.save(middle);
      assertSameValue(List.of(early, middle, late), repository.list(), "the list");
    }

    @Test
    @DisplayName("list by status returns only work orders with that status now, oldest first")
    void listByStatus() {
      WorkOrder a = TestValues.workOrder(TestValues.newId(), 5);
      WorkOrder b = TestValues.workOrder(TestValues.newId(), 1);
      WorkOrder c = TestValues.workOrder(TestValues.newId(), 3);
      repository.save(a);
      repository.save(b);
      repository.save(c);
      WorkOrder runningA = a.withStatus(WorkOrderStatus.RUNNING, TestValues.T0.plusSeconds(50));
      WorkOrder runningB = b.withStatus(WorkOrderStatus.RUNNING, TestValues.T0.plusSeconds(50));
      WorkOrder completedC = c.withStatus(WorkOrderStatus.COMPLETED, TestValues.T0.plusSeconds(50));
      repository.save(runningA);
      repository.save(runningB);
      repository.save(completedC);
      assertSameValue(List.of(runningB, runningA), repository.list(WorkOrderStatus.RUNNING), "the running list");
      assertSameValue(List.of(completedC), repository.list(WorkOrderStatus.COMPLETED), "the completed list");
      assertSameValue(List.of(), repository.list(WorkOrderStatus.PENDING), "the pending list");
    }
  }

  /** The first row of a work order is created, never written over another's. */
  @Nested
  @DisplayName("creating a work order")
  class Creating {

    @Test
    @DisplayName("create stores a new work order, every field intact, and answers true")
    void createStores() {
      WorkOrder order = full(TestValues.newId());
      assertTrue(repository.create(order), "create of a work order whose id was never stored");
      assertSameValue(order, repository.find(order.id()).orElse(null), "the created work order read back");
    }

    @Test
    @DisplayName("create of an id already stored answers false and changes nothing: not the row, not the keys")
    void createNeverReplaces() {
      WorkOrderId id = TestValues.newId();
      WorkOrder first = TestValues.workOrder(id, 1).withStatus(WorkOrderStatus.RUNNING, TestValues.T0.plusSeconds(5));
      repository.save(first);
      WorkOrder other = full(id).toBuilder().status(WorkOrderStatus.PENDING).build();
      assertFalse(repository.create(other), "create of a work order whose id is stored already");
      assertSameValue(first, repository.find(id).orElse(null), "the stored work order after a create of its id");
      assertEquals(Optional.empty(), repository.findByIdempotencyKey(other.idempotencyKey()),
          "the work order found by the refused create's idempotency key");
      assertEquals(1, repository.list().stream().filter(o -> o.id().equals(id)).count(), "times the id is listed");
    }

    @Test
    @DisplayName("of 8 creates of one id at once, exactly one answers true and its work order is the one stored")
    @Timeout(60)
    void createUnderContention() throws Exception {
      for (int round = 0; round < 10; round++) {
        WorkOrderId id = TestValues.newId();
        List<Callable<WorkOrder>> creators = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          WorkOrder order = WorkOrder.builder(id, "https://github.com/acme/widgets", "creator " + w + " of " + id)
              .createdAt(TestValues.T0.plusSeconds(w)).build();
          creators.add(() -> repository.create(order) ? order : null);
        }
        List<WorkOrder> created = atOnce(creators);
        assertEquals(1, created.size(), "round " + round + ": creates of one id that answered true");
        assertSameValue(created.get(0), repository.find(id).orElse(null), "round " + round + ": the stored work order");
      }
    }

    @Test
    @DisplayName("create of a work order whose idempotency key another holds is refused and stores nothing")
    void createRefusesAHeldKey() {
      IdempotencyKey key = IdempotencyKey.of("create-" + TestValues.newId());
      WorkOrder holder = TestValues.workOrder(TestValues.newId(), 1).toBuilder().idempotencyKey(key).build();
      WorkOrder second = TestValues.workOrder(TestValues.newId(), 2).toBuilder().idempotencyKey(key).build();
      assertTrue(repository.create(holder), "create of the first work order with the key");
      DuplicateIdempotencyKeyException refused = assertThrows(DuplicateIdempotencyKeyException.class,
          () -> repository.create(second), "create of a second work order with the same idempotency key");
      assertEquals(holder.id(), refused.existing(), "the work order the exception names as holding the key");
      assertEquals(Optional.empty(), repository.find(second.id()), "the refused work order read back");
    }
  }

  /** What other threads see. */
  @Nested
  @DisplayName("what other threads see")
  class Concurrency {

    @Test
    @DisplayName("a saved work order is visible to another thread as soon as save returns")
    @Timeout(60)
    void visibleToOtherThreads() throws Exception {
      ExecutorService reader = Executors.newSingleThreadExecutor();
      try {
        WorkOrder order = TestValues.workOrder(TestValues.newId(), 4);
        for (WorkOrderStatus status : List.of(WorkOrderStatus.PENDING, WorkOrderStatus.RUNNING, WorkOrderStatus.COMPLETED)) {
          WorkOrder saved = order.withStatus(status, order.createdAt().plusSeconds(status.ordinal()));
          repository.save(saved);
          assertSameValue(saved, reader.submit(() -> repository.find(order.id()).orElse(null)).get(10, TimeUnit.SECONDS),
              "what another thread read after the save of " + status.wireName());
        }
      } finally {
        reader.shutdownNow();
      }
    }

    @Test
    @DisplayName("concurrent saves of different work orders don't interfere")
    @Timeout(120)
    void concurrentSaves() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<WorkOrder> finals = new ArrayList<>();
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WorkOrder>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          int n = w;
          writers.add(pool.submit(() -> {
            go.await();
            WorkOrder order = TestValues.workOrder(TestValues.newId(), n);
            for (int step = 0; step < 20; step++) {
              order = order.withCurrentStep("step_" + step, order.createdAt().plusSeconds(step));
              repository.save(order);
            }
            return order;
          }));
        }
        go.countDown();
        for (Future<WorkOrder> w : writers) {
          finals.add(w.get(100, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      for (WorkOrder order : finals) {
        assertSameValue(order, repository.find(order.id()).orElse(null), "the work order " + order.id());
      }
    }
  }

  /** Idempotency keys are unique across the store. */
  @Nested
  @DisplayName("idempotency keys")
  class IdempotencyKeys {

    @Test
    @DisplayName("a second work order with a key already held is refused and not stored; the first is found by its key")
    void duplicateKeyRefused() {
      IdempotencyKey key = IdempotencyKey.of("submit-" + TestValues.newId());
      WorkOrder first = TestValues.workOrder(TestValues.newId(), 1).toBuilder().idempotencyKey(key).build();
      WorkOrder second = TestValues.workOrder(TestValues.newId(), 2).toBuilder().idempotencyKey(key).build();
      repository.save(first);
      WorkOrder running = first.withStatus(WorkOrderStatus.RUNNING, first.createdAt().plusSeconds(1));
      repository.save(running); // the holder itself may save again
      DuplicateIdempotencyKeyException refused = assertThrows(DuplicateIdempotencyKeyException.class,
          () -> repository.save(second), "saving a second work order with the same idempotency key");
      assertEquals(first.id(), refused.existing(), "the work order the exception names as holding the key");
      assertEquals(Optional.empty(), repository.find(second.id()), "the refused work order read back");
      assertSameValue(running, repository.findByIdempotencyKey(key).orElse(null), "the work order found by the key");
      assertEquals(Optional.empty(), repository.findByIdempotencyKey(IdempotencyKey.of("never-used-" + first.id())),
          "the work order found by a key never used");
    }

    @Test
    @DisplayName("of 8 work orders saved at once with one key, exactly one is stored; the others are refused")
    @Timeout(60)
    void duplicateKeyRefusedUnderContention() throws Exception {
      for (int round = 0; round < 10; round++) {
        IdempotencyKey key = IdempotencyKey.of("race-" + round + "-" + TestValues.newId());
        List<Callable<WorkOrderId>> savers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          WorkOrder order = TestValues.workOrder(TestValues.newId(), w).toBuilder().idempotencyKey(key).build();
          savers.add(() -> {
            try {
              repository.save(order);
              return order.id();
            } catch (DuplicateIdempotencyKeyException e) {
              return null;
            }
          });
        }
        List<WorkOrderId> stored = atOnce(savers);
        assertEquals(1, stored.size(), "round " + round + ": saves that succeeded with one key " + stored);
        assertEquals(stored.get(0), repository.findByIdempotencyKey(key).map(WorkOrder::id).orElse(null),
            "round " + round + ": the holder of the key");
      }
    }
  }

  /**
   * Runs {@code callers} on threads of their own, all let go at one moment, and returns their
   * answers that are not null (in the callers' order).
   */
  private static <T> List<T> atOnce(List<Callable<T>> callers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> running = new ArrayList<>();
      for (Callable<T> caller : callers) {
        running.add(pool.submit(() -> {
          go.await();
          return caller.call();
        }));
      }
      go.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> answer : running) {
        T value = answer.get(30, TimeUnit.SECONDS);
        if (value != null) {
          answers.add(value);
        }
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bad arguments fail at once, with a message. */
  @Nested
  @DisplayName("which arguments are refused")
  class Arguments {

    @Test
    @DisplayName("null arguments are refused with an exception saying what was null")
    void nullArgumentsRefused() {
      assertRefused(() -> repository.save(null), "save(null)");
      assertRefused(() -> repository.create(null), "create(null)");
      assertRefused(() -> repository.find(null), "find(null)");
      assertRefused(() -> repository.list(null), "list(null)");
    }
  }
}
