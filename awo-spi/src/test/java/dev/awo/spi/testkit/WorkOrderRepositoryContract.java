package dev.awo.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.DiffStats;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link WorkOrderRepository} must honour. Extend it and supply only {@link
 * #createRepository()}. The listing tests need a repository that holds only what the test saved:
 * return an empty one (a fresh schema or table) from {@code createRepository}.
 */
public abstract class WorkOrderRepositoryContract extends RepositoryContract<WorkOrderRepository> {

  @Test
  @DisplayName("an id that was never saved gives an empty result, not an exception")
  void unknownIdIsEmpty() {
    assertEquals(Optional.empty(), repository.find(TestValues.newId()));
  }

  @Test
  @DisplayName("a saved work order is read back equal, every field intact")
  void roundTripEveryField() {
    WorkOrderId id = TestValues.newId();
    WorkOrder full = TestValues.workOrder(id, 1).toBuilder()
        .issueNumber(42).sandboxType(SandboxType.GIT_WORKTREE).workflow("default").status(WorkOrderStatus.FAILED)
        .currentStep("implement").branchName("feature-" + id + "-flag").prUrl("https://github.com/acme/widgets/pull/7")
        .errorMessage("step 'implement' failed: ✗ \"quoted\"").baseCommit("a".repeat(40)).headCommit("b".repeat(40))
        .diffStats(new DiffStats(3, 120, 7)).sandboxPath("/tmp/awo/" + id).updatedAt(TestValues.T0.plusSeconds(90))
        .build();
    repository.save(full);
    assertEquals(full, repository.find(id).orElseThrow());
  }

  @Test
  @DisplayName("a work order with only the required fields is read back with the optional ones empty")
  void roundTripMinimal() {
    WorkOrder minimal = TestValues.workOrder(TestValues.newId(), 2);
    repository.save(minimal);
    assertEquals(minimal, repository.find(minimal.id()).orElseThrow());
  }

  @Test
  @DisplayName("saving a work order again replaces it")
  void saveReplaces() {
    WorkOrder order = TestValues.workOrder(TestValues.newId(), 3);
    repository.save(order);
    WorkOrder running = order.withStatus(WorkOrderStatus.RUNNING, order.createdAt().plusSeconds(1))
        .withCurrentStep("classify", order.createdAt().plusSeconds(2));
    repository.save(running);
    assertEquals(running, repository.find(order.id()).orElseThrow());
    assertEquals(1, repository.list().stream().filter(o -> o.id().equals(order.id())).count());
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
    assertEquals(List.of(early, middle, late), repository.list());
  }

  @Test
  @DisplayName("list by status returns only work orders with that status, oldest first")
  void listByStatus() {
    WorkOrder a = TestValues.workOrder(TestValues.newId(), 5).withStatus(WorkOrderStatus.RUNNING, TestValues.T0.plusSeconds(50));
    WorkOrder b = TestValues.workOrder(TestValues.newId(), 1).withStatus(WorkOrderStatus.RUNNING, TestValues.T0.plusSeconds(50));
    WorkOrder c = TestValues.workOrder(TestValues.newId(), 3).withStatus(WorkOrderStatus.COMPLETED, TestValues.T0.plusSeconds(50));
    repository.save(a);
    repository.save(b);
    repository.save(c);
    assertEquals(List.of(b, a), repository.list(WorkOrderStatus.RUNNING));
    assertEquals(List.of(c), repository.list(WorkOrderStatus.COMPLETED));
    assertEquals(List.of(), repository.list(WorkOrderStatus.CANCELLED));
  }

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
        assertEquals(saved, reader.submit(() -> repository.find(order.id()).orElseThrow()).get(10, TimeUnit.SECONDS));
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
      List<Future<WorkOrder>> writers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int n = w;
        writers.add(pool.submit(() -> {
          WorkOrder order = TestValues.workOrder(TestValues.newId(), n);
          for (int step = 0; step < 20; step++) {
            order = order.withCurrentStep("step_" + step, order.createdAt().plusSeconds(step));
            repository.save(order);
          }
          return order;
        }));
      }
      for (Future<WorkOrder> w : writers) {
        finals.add(w.get(100, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    for (WorkOrder order : finals) {
      assertEquals(order, repository.find(order.id()).orElseThrow());
    }
  }

  @Test
  @DisplayName("null arguments are refused with an exception")
  void nullArgumentsRefused() {
    for (Runnable call : List.<Runnable>of(() -> repository.save(null), () -> repository.find(null),
        () -> repository.list(null))) {
      RuntimeException e = assertThrows(RuntimeException.class, call::run);
      assertTrue(e instanceof NullPointerException || e instanceof IllegalArgumentException,
          "expected NullPointerException or IllegalArgumentException, got " + e);
    }
  }
}
