package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Two work orders drawn with one id")
class IdCollisionTest {
  private static final WorkOrderId CONTESTED = WorkOrderId.of("wo-c0111de0");

  @TempDir Path base;

  /** Another orchestrator's work order, stored under the contested id. */
  private static WorkOrder rival() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return WorkOrder.builder(CONTESTED, "https://github.com/acme/other", "The other host's work order")
        .status(WorkOrderStatus.RUNNING).currentStep("implement").createdAt(at).updatedAt(at.plusSeconds(3)).build();
  }

  /**
   * A store shared with another orchestrator that stores its work order under the contested id
   * right after this one looked the id up and found it free: the race of two JVMs drawing one id.
   */
  private static final class SharedStore implements WorkOrderRepository {
    final InMemoryWorkOrderRepository rows = new InMemoryWorkOrderRepository();
    private final AtomicBoolean rivalToCome = new AtomicBoolean(true);

    @Override
    public void save(WorkOrder workOrder) {
      rows.save(workOrder);
    }

    @Override
    public boolean create(WorkOrder workOrder) {
      return rows.create(workOrder);
    }

    @Override
    public Optional<WorkOrder> find(WorkOrderId id) {
      Optional<WorkOrder> seen = rows.find(id);
      if (id.equals(CONTESTED) && rivalToCome.compareAndSet(true, false)) {
        rows.save(rival()); // the other orchestrator's insert lands just after this look-up
      }
      return seen;
    }

    @Override
    public List<WorkOrder> list() {
      return rows.list();
    }

    @Override
    public List<WorkOrder> list(WorkOrderStatus status) {
      return rows.list(status);
    }
  }

  /** The contested id first, then wo-00000001, wo-00000002, ... */
  private static WorkOrderIdGenerator contestedFirst() {
    AtomicInteger calls = new AtomicInteger();
    WorkOrderIdGenerator rest = WorkOrderIdGenerator.sequential();
    return () -> calls.getAndIncrement() == 0 ? CONTESTED : rest.next();
  }

  static Stream<Arguments> submissions() {
    Function<WorkflowOrchestrator, WorkOrderId> submit = o -> o.submit(Harness.request());
    Function<WorkflowOrchestrator, WorkOrderId> keyed = o -> o.submission(WorkOrderRequest.builder(
        "https://github.com/acme/widgets", "Add a --verbose flag").idempotencyKey("once").build()).id();
    Function<WorkflowOrchestrator, WorkOrderId> run = o -> o.run(Harness.request()).id();
    Executor pool = task -> new Thread(task).start();
    Executor direct = Runnable::run;
    return Stream.of(Arguments.of("submit, run on a thread of its own", submit, pool),
        Arguments.of("submit, run at once on the submitting thread", submit, direct),
        Arguments.of("submission with an idempotency key", keyed, pool),
        Arguments.of("run on the calling thread", run, pool));
  }

  @ParameterizedTest(name = "{0}: the new work order gets another id and the stored one is untouched")
  @MethodSource("submissions")
  void secondDrawGetsAnotherId(String how, Function<WorkflowOrchestrator, WorkOrderId> submit, Executor executor)
      throws Exception {
    Harness h = new Harness(base);
    SharedStore store = new SharedStore();
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(store).idGenerator(contestedFirst())
        .executor(executor).build()) {
      WorkOrderId id = submit.apply(o);
      assertNotEquals(CONTESTED, id, "the id of the new work order");
      assertEquals(WorkOrderStatus.COMPLETED, o.completion(id).get(30, TimeUnit.SECONDS).status());
      assertEquals(rival(), store.rows.find(CONTESTED).orElseThrow(), "the other orchestrator's work order");
      assertEquals(2, store.rows.list().size(), "work orders stored");
      assertEquals(0, o.stepHistory(CONTESTED).size(), "steps saved under the contested id");
      assertTrue(h.events.stream().noneMatch(e -> e.workOrderId().equals(CONTESTED)),
          "events about the contested id: " + h.events);
    }
  }

  @Test
  @DisplayName("a generator that keeps returning a taken id gets a specific exception, and nothing is stored")
  void constantGenerator() {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository store = new InMemoryWorkOrderRepository();
    store.save(rival());
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(store).idGenerator(() -> CONTESTED).build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.submit(Harness.request()));
      assertTrue(e.getMessage().contains("ids in a row that are taken") && e.getMessage().contains(CONTESTED.value())
          && e.getMessage().contains("WorkOrderIdGenerator.random()"), e.getMessage());
      assertEquals(List.of(rival()), store.list());
    }
  }
}
