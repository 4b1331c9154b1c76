package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Work order store outages: status writes are retried, the run waits, and listeners never hear what the store does not say")
@Timeout(60)
class StoreOutageTest {
  @TempDir Path base;

  private static final WorkflowDefinition TWO_STEPS = WorkflowDefinition.builder("two")
      .node(agentNode("plan")).node(agentNode("implement")).edge("plan", "implement").build();

  private static NodeDefinition agentNode(String id) {
    return NodeDefinition.agentCall(id, "generic").arguments("$context.task").build();
  }

  private static WorkOrderRequest request() {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").workflow("two").build();
  }

  /** An in-memory store whose writes (and reads) fail while it is down, as a database that stopped would. */
  private static WorkOrderRepository switchable(AtomicBoolean down) {
    return switchable(down, down);
  }

  private static WorkOrderRepository switchable(AtomicBoolean down, AtomicBoolean readsDown) {
    WorkOrderRepository store = spy(new InMemoryWorkOrderRepository());
    org.mockito.stubbing.Answer<Object> write = call -> {
      if (down.get()) {
        throw new IllegalStateException("connection refused: the database is down");
      }
      return call.callRealMethod();
    };
    doAnswer(write).when(store).save(any());
    doAnswer(write).when(store).create(any());
    doAnswer(call -> {
      if (readsDown.get()) {
        throw new IllegalStateException("connection refused: the database is down");
      }
      return call.callRealMethod();
    }).when(store).find(any());
    return store;
  }

  @Test
  @DisplayName("while the work order store is down the run waits: no step starts unrecorded, and it completes once the store is back")
  void theRunWaitsForTheStore() throws Exception {
    Harness h = new Harness(base);
    AtomicBoolean down = new AtomicBoolean();
    List<String> calledWhileDown = new CopyOnWriteArrayList<>();
    FunctionAgent agent = new FunctionAgent(r -> {
      if (down.get()) {
        calledWhileDown.add(r.step());
      }
      if (r.step().equals("plan")) {
        down.set(true); // the database goes away while the first step runs
      }
      return "done: " + r.step();
    });
    AtomicInteger waits = new AtomicInteger();
    WorkOrderRepository store = switchable(down);
    try (WorkflowOrchestrator o = h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(TWO_STEPS).workOrderRepository(store)
        .sleeper(d -> {
          if (waits.incrementAndGet() == 5) {
            down.set(false); // back after five waits of the backoff
          }
        }).build()) {
      WorkOrderId id = o.submit(request());
      WorkOrder done = o.completion(id).get(30, TimeUnit.SECONDS);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(List.of(), calledWhileDown, "steps that started while the store was down");
      assertEquals(List.of("plan", "implement"), agent.steps());
      assertTrue(waits.get() >= 5, "the status write waited: " + waits.get());
      assertEquals(WorkOrderStatus.COMPLETED, o.workOrder(id).orElseThrow().status());
      assertEquals(List.of(WorkOrderStatus.RUNNING, WorkOrderStatus.COMPLETED), statuses(h, id));
    }
  }

  @Test
  @DisplayName("when the budget runs out the run stops: listeners hear no end the store does not have, and completion says why")
  void exhaustedBudgetStopsTheRunTruthfully() throws Exception {
    Harness h = new Harness(base);
    AtomicBoolean down = new AtomicBoolean();
    FunctionAgent agent = new FunctionAgent(r -> {
      if (r.step().equals("plan")) {
        down.set(true); // for good
      }
      return "done: " + r.step();
    });
    try (WorkflowOrchestrator o = h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(TWO_STEPS).workOrderRepository(switchable(down))
        .saveRetryPolicy(SaveRetryPolicy.builder().maximumAttempts(3).initialInterval(Duration.ofMillis(10)).build())
        .build()) {
      WorkOrderId id = o.submit(request());
      ExecutionException e = assertThrows(ExecutionException.class, () -> o.completion(id).get(30, TimeUnit.SECONDS));
      assertInstanceOf(StoreUnavailableException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("the store still says running"), e.getCause().getMessage());

      down.set(false); // the store is back: it and the listeners must agree
      WorkOrder stored = o.workOrder(id).orElseThrow();
      List<WorkOrderStatus> heard = statuses(h, id);
      assertEquals(WorkOrderStatus.RUNNING, stored.status());
      assertEquals(stored.status(), heard.get(heard.size() - 1), "what listeners heard last: " + heard);
      assertEquals(List.of("plan"), agent.steps(), "no step ran after the store was lost");
      assertEquals(1, o.stepHistory(id).version(), "plan's result is saved (the history store was up)");
      assertTrue(h.sandboxes.cleanedUp(id), "the sandbox was given back");
    }
  }

  @Test
  @DisplayName("a cancel while the store is unreachable is taken, and the cancelled status is written once it is back")
  void cancelDuringTheOutage() throws Exception {
    Harness h = new Harness(base);
    AtomicBoolean down = new AtomicBoolean();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    FunctionAgent agent = new FunctionAgent(r -> {
      down.set(true);
      inside.countDown();
      Latches.await(never); // until the cancel interrupts it
      return "done: " + r.step();
    });
    AtomicInteger waits = new AtomicInteger();
    try (WorkflowOrchestrator o = h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(TWO_STEPS).workOrderRepository(switchable(down))
        .sleeper(d -> {
          if (waits.incrementAndGet() == 3) {
            down.set(false);
          }
        }).build()) {
      WorkOrderId id = o.submit(request());
      assertTrue(Latches.await(inside));
      assertTrue(o.cancel(id), "cancel() while the store is down");
      WorkOrder done = o.completion(id).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      assertEquals(WorkOrderStatus.CANCELLED, o.workOrder(id).orElseThrow().status());
      assertEquals(List.of(WorkOrderStatus.RUNNING, WorkOrderStatus.CANCELLED), statuses(h, id));
      assertEquals(List.of("plan"), agent.steps());
    }
  }

  @Test
  @DisplayName("when even the first row cannot be stored, submit says so and listeners hear nothing")
  void firstRowThatCannotBeStored() {
    Harness h = new Harness(base);
    AtomicBoolean down = new AtomicBoolean(true);
    try (WorkflowOrchestrator o = h.builder().commandTemplates(new AnyTemplates()).workflow(TWO_STEPS)
        .workOrderRepository(switchable(down, new AtomicBoolean())).executor(task -> { })
        .saveRetryPolicy(SaveRetryPolicy.builder().maximumAttempts(2).build()).build()) {
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> o.submit(request()));
      assertTrue(e.getMessage().contains("could not be written"), e.getMessage());
      down.set(false);
      assertEquals(List.of(), o.workOrders());
      assertEquals(List.of(), h.events(WorkOrderEvent.StatusChanged.class));
    }
  }

  private static List<WorkOrderStatus> statuses(Harness h, WorkOrderId id) {
    return h.events(WorkOrderEvent.StatusChanged.class).stream().filter(e -> e.workOrderId().equals(id))
        .map(WorkOrderEvent.StatusChanged::current).toList();
  }
}
