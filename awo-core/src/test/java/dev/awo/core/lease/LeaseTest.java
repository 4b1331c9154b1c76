package dev.awo.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.process.ProcessOwner;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Leases: orchestrators sharing one store")
class LeaseTest {
  @TempDir Path base;

  private final InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
  private final InMemoryStepHistoryRepository histories = new InMemoryStepHistoryRepository(workOrders);

  private WorkflowOrchestrator orchestrator(Harness h, String owner) {
    return h.builder().workOrderRepository(workOrders).stepHistoryRepository(histories).ownerId(OwnerId.of(owner))
        .leaseTimeout(Duration.ofSeconds(30)).takeoverPeriod(Duration.ofMillis(50)).build();
  }

  @Test
  @DisplayName("a run holds its lease while it runs and releases it at the end")
  void claimedAndReleased() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch inPlan = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    holdPlan(h, inPlan, go);
    try (WorkflowOrchestrator o = orchestrator(h, "owner-a")) {
      WorkOrderId id = o.submit(Harness.request());
      assertTrue(inPlan.await(20, TimeUnit.SECONDS));
      Lease held = workOrders.lease(id).orElseThrow();
      assertEquals(OwnerId.of("owner-a"), held.owner());
      assertEquals(1, held.version());
      go.countDown();
      assertEquals(WorkOrderStatus.COMPLETED, o.completion(id).get(20, TimeUnit.SECONDS).status());
      Lease released = workOrders.lease(id).orElseThrow();
      assertTrue(released.expiredAt(h.clock.instant()), "released lease free at once: " + released);
    }
  }

  @Test
  @DisplayName("a run whose lease another owner claimed stops: its next save is refused and nothing more is written or announced")
  void staleOwnerStops() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch inPlan = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    holdPlan(h, inPlan, go);
    try (WorkflowOrchestrator o = orchestrator(h, "owner-a")) {
      WorkOrderId id = o.submit(Harness.request());
      assertTrue(inPlan.await(20, TimeUnit.SECONDS));
      h.clock.advance(Duration.ofSeconds(31));
      Lease old = workOrders.lease(id).orElseThrow();
      Lease taken = workOrders.claim(id, OwnerId.of("owner-b"), old.version(), h.clock.instant(), Duration.ofSeconds(30))
          .orElseThrow(() -> new AssertionError("the expired lease could not be claimed"));
      WorkOrder storedAtClaim = workOrders.find(id).orElseThrow();
      StepHistory historyAtClaim = histories.find(id).orElseThrow();
      go.countDown();
      ExecutionException ended = assertThrows(ExecutionException.class, () -> o.completion(id).get(20, TimeUnit.SECONDS));
      assertInstanceOf(LeaseLostException.class, ended.getCause());
      assertEquals(storedAtClaim, workOrders.find(id).orElseThrow(), "the work order after the stale run stopped");
      assertEquals(historyAtClaim, histories.find(id).orElseThrow(), "the history after the stale run stopped");
      assertEquals(taken, workOrders.lease(id).orElseThrow(), "the new owner's lease");
      assertEquals(List.of("classify", "plan"), h.agent.requests().stream().map(r -> r.step()).toList(),
          "steps the stale run started");
      assertFalse(h.events(WorkOrderEvent.StatusChanged.class).stream().anyMatch(e -> e.current().isTerminal()),
          "listeners heard no end of a run that another owner carries on");
    }
  }

  @Test
  @DisplayName("a survivor takes over a dead owner's running work order once its lease expired, without re-running saved steps")
  void survivorTakesOver() throws Exception {
    Harness h = new Harness(base);
    WorkOrderId id = WorkOrderId.of("wo-0000dead");
    WorkOrder running = WorkOrder.builder(id, "https://github.com/acme/widgets", "Add a --verbose flag")
        .createdAt(h.clock.instant()).status(WorkOrderStatus.RUNNING).currentStep("plan").build();
    workOrders.save(running);
    h.sandboxes.create(new SandboxRequest(id, running.repositoryUrl(), running.sandboxType())); // the dead JVM's
    Lease dead = workOrders.claim(id, OwnerId.of("dead-owner"), 0, h.clock.instant(), Duration.ofSeconds(30)).orElseThrow();
    histories.save(StepHistory.empty(id).append(StepResult.builder("classify", h.clock.instant())
        .agentName("classifier").attempt(1).data(java.util.Map.of("kind", "feature", "command", "/feature"))
        .succeeded("/feature").build()), dead);
    try (WorkflowOrchestrator o = orchestrator(h, "survivor")) {
      Thread.sleep(300); // several takeover rounds: the lease is still held
      assertEquals(List.of(), h.agent.requests(), "steps run while the dead owner's lease still held");
      h.clock.advance(Duration.ofSeconds(31));
      WorkOrder done = o.completion(id).get(20, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      List<String> steps = histories.find(id).orElseThrow().results().stream().filter(StepResult::succeeded)
          .map(StepResult::step).toList();
      assertEquals(List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr"), steps,
          "each step saved exactly once as succeeded (the one in flight at the death recorded interrupted first)");
      assertEquals(OwnerId.of("survivor"), workOrders.lease(id).orElseThrow().owner());
      assertEquals(2, workOrders.lease(id).orElseThrow().version());
    }
  }

  @Test
  @DisplayName("recover() reclaims dead owners' sandboxes but keeps those of work orders another owner may still take over")
  void recoverySparesSandboxesOthersMayTakeOver() throws Exception {
    Harness h = new Harness(base);
    WorkOrder leased = WorkOrder.builder(WorkOrderId.of("wo-0000a11e"), "https://github.com/acme/widgets", "held elsewhere")
        .createdAt(h.clock.instant()).status(WorkOrderStatus.RUNNING).currentStep("plan").build();
    WorkOrder ended = WorkOrder.builder(WorkOrderId.of("wo-0000e0d5"), "https://github.com/acme/widgets", "over")
        .createdAt(h.clock.instant()).status(WorkOrderStatus.COMPLETED).build();
    workOrders.save(leased);
    workOrders.save(ended);
    workOrders.claim(leased.id(), OwnerId.of("other-machine"), 0, h.clock.instant(), Duration.ofSeconds(30)).orElseThrow();
    java.util.concurrent.atomic.AtomicReference<java.util.function.Predicate<WorkOrderId>> asked =
        new java.util.concurrent.atomic.AtomicReference<>();
    dev.awo.spi.sandbox.SandboxFactory recording = new dev.awo.spi.sandbox.SandboxFactory() {
      @Override public dev.awo.spi.sandbox.Sandbox create(SandboxRequest request) {
        return h.sandboxes.create(request);
      }

      @Override public int reclaimAbandoned(java.util.function.Predicate<WorkOrderId> stillNeeded) {
        asked.set(stillNeeded);
        return 0;
      }
    };
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(workOrders).stepHistoryRepository(histories)
        .sandboxFactory(recording).ownerId(OwnerId.of("restarted")).leaseTimeout(Duration.ofSeconds(30)).build()) {
      assertEquals(List.of(), o.recover().all(), "the other owner's lease has not lapsed");
      assertTrue(asked.get().test(leased.id()), "its sandbox is kept for the take-over when the lease lapses");
      assertFalse(asked.get().test(ended.id()), "an ended work order's sandbox is reclaimed");
    }
  }

  @Test
  @DisplayName("recover() after a crash takes a dead local owner's work order at once, before its lease expires")
  void restartTakesADeadLocalOwnersLeaseAtOnce() throws Exception {
    Harness h = new Harness(base);
    Process crashed = new ProcessBuilder("sleep", "0.2").start();
    OwnerId dead = OwnerId.forProcess(new ProcessOwner(crashed.pid(),
        crashed.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L)));
    assertTrue(crashed.waitFor(10, TimeUnit.SECONDS));
    WorkOrderId id = WorkOrderId.of("wo-0000dea1");
    WorkOrder running = WorkOrder.builder(id, "https://github.com/acme/widgets", "Add a --verbose flag")
        .createdAt(h.clock.instant()).status(WorkOrderStatus.RUNNING).currentStep("plan").build();
    workOrders.save(running);
    h.sandboxes.create(new SandboxRequest(id, running.repositoryUrl(), running.sandboxType()));
    Lease held = workOrders.claim(id, dead, 0, h.clock.instant(), Duration.ofSeconds(30)).orElseThrow();
    histories.save(StepHistory.empty(id).append(StepResult.builder("classify", h.clock.instant())
        .agentName("classifier").attempt(1).data(java.util.Map.of("kind", "feature", "command", "/feature"))
        .succeeded("/feature").build()), held);
    try (WorkflowOrchestrator o = orchestrator(h, "restarted")) {
      assertFalse(held.expiredAt(h.clock.instant()), "the dead owner's lease is still running");
      assertEquals(List.of(id), o.recover().all());
      assertEquals(WorkOrderStatus.COMPLETED, o.completion(id).get(20, TimeUnit.SECONDS).status());
      assertEquals(OwnerId.of("restarted"), workOrders.lease(id).orElseThrow().owner());
    }
  }

  @Test
  @DisplayName("a second submit with the same idempotency key returns the first id and starts nothing, on any orchestrator of the store")
  void idempotentSubmit() throws Exception {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator a = orchestrator(h, "owner-a"); WorkflowOrchestrator b = orchestrator(h, "owner-b")) {
      WorkOrderRequest request = WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag")
          .idempotencyKey("order-42:attempt-1").build();
      WorkOrderId first = a.submit(request);
      assertEquals(WorkOrderStatus.COMPLETED, a.completion(first).get(20, TimeUnit.SECONDS).status());
      int steps = h.agent.requests().size();
      assertEquals(first, a.submit(request), "the same key on the same orchestrator");
      assertEquals(first, b.submit(request), "the same key on another orchestrator of the store");
      assertEquals(first, b.run(request).id(), "run() with the same key");
      assertEquals(steps, h.agent.requests().size(), "agent calls after the repeated submissions");
      assertEquals(1, workOrders.list().size());
      WorkOrderId other = a.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag")
          .idempotencyKey("order-43").build());
      assertFalse(other.equals(first), "another key is another work order");
    }
  }

  @Test
  @DisplayName("a bad idempotency key is refused with a message naming it")
  void badKeyRefused() {
    for (String bad : List.of("", "has space", "x".repeat(129), "naïve", "tab\t")) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> WorkOrderRequest.builder("https://github.com/acme/widgets", "x").idempotencyKey(bad), bad);
      assertEquals("idempotencyKey", e.field());
    }
    assertThrows(InvalidInputException.class,
        () -> WorkOrderRequest.builder("https://github.com/acme/widgets", "x").idempotencyKey(null));
  }

  /** Makes the agent's plan step say it started, then wait for {@code go}. */
  private static void holdPlan(Harness h, CountDownLatch inPlan, CountDownLatch go) {
    h.agent.hook(r -> {
      if (r.step().equals("plan")) {
        inPlan.countDown();
        await(go);
      }
    });
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
