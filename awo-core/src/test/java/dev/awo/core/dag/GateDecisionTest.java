package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static dev.awo.core.dag.Dags.gate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.GateAlreadyDecidedException;
import dev.awo.core.GateNotWaitingException;
import dev.awo.core.UnknownGateException;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Gate decisions tell the truth: unknown, not waiting, already decided, racing a cancel")
@Timeout(120)
class GateDecisionTest {
  @TempDir Path base;

  /** plan, then two gates open at once, then ship. */
  private static final WorkflowDefinition TWO_GATES = WorkflowDefinition.builder("two-gates")
      .node(agent("plan")).node(gate("security", "Secure?")).node(gate("product", "Wanted?")).node(agent("ship"))
      .edge("plan", "security").edge("plan", "product").edge("security", "ship").edge("product", "ship").build();

  private static WorkOrderRequest request() {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").workflow("two-gates").build();
  }

  @Test
  @DisplayName("an unknown node, a node that is no gate, a decided gate and an ended work order each get their own exception")
  void specificExceptions() throws Exception {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = Dags.builder(h, FunctionAgent.echo()).workflow(TWO_GATES).build()) {
      WorkOrder waiting = o.run(request());
      assertEquals(WorkOrderStatus.WAITING, waiting.status());

      UnknownGateException unknown = assertThrows(UnknownGateException.class, () -> o.approve(waiting.id(), "nope"));
      assertEquals("nodeId", unknown.field());
      assertTrue(unknown.getMessage().contains("gates: security, product")
          || unknown.getMessage().contains("gates: product, security"), unknown.getMessage());
      assertThrows(UnknownGateException.class, () -> o.reject(waiting.id(), "plan", "no"));

      o.approve(waiting.id(), "security"); // saved before approve returns; the run parks again at product
      GateAlreadyDecidedException twice = assertThrows(GateAlreadyDecidedException.class,
          () -> o.reject(waiting.id(), "security", "changed my mind"));
      assertEquals("approved", twice.decision());
      assertTrue(twice.getMessage().contains("already approved"), twice.getMessage());

      o.approve(waiting.id(), "product");
      WorkOrder done = o.completion(waiting.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(1, o.stepHistory(done.id()).results().stream().filter(r -> r.step().equals("security")).count());
      GateNotWaitingException ended = assertThrows(GateNotWaitingException.class, () -> o.approve(done.id(), "product"));
      assertTrue(ended.getMessage().contains("completed"), ended.getMessage());
    }
  }

  @Test
  @DisplayName("a gate of a cancelled work order takes no decision")
  void cancelledGateTakesNoDecision() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = Dags.builder(h, FunctionAgent.echo()).workflow(TWO_GATES).build()) {
      WorkOrder waiting = o.run(request());
      assertTrue(o.cancel(waiting.id()));
      assertThrows(GateNotWaitingException.class, () -> o.approve(waiting.id(), "security"));
      assertEquals("cancelled", o.stepHistory(waiting.id()).latest("security").orElseThrow().outcome().wireName());
    }
  }

  @Test
  @DisplayName("50 approvals racing a cancel: the gate has exactly one result, and the store, the history and the listeners agree")
  void decisionRacingCancelResolvesOnce() throws Exception {
    WorkflowDefinition oneGate = WorkflowDefinition.builder("two-gates")
        .node(agent("plan")).node(gate("security", "Secure?")).node(agent("ship"))
        .edge("plan", "security").edge("security", "ship").build();
    for (int round = 0; round < 50; round++) {
      Harness h = new Harness(base.resolve("r" + round));
      try (WorkflowOrchestrator o = Dags.builder(h, FunctionAgent.echo()).workflow(oneGate).build()) {
        WorkOrder waiting = o.run(request());
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Boolean> approved = CompletableFuture.supplyAsync(() -> {
          await(go);
          try {
            o.approve(waiting.id(), "security");
            return true;
          } catch (GateNotWaitingException e) {
            return false;
          }
        });
        CompletableFuture<Boolean> cancelled = CompletableFuture.supplyAsync(() -> {
          await(go);
          return o.cancel(waiting.id());
        });
        go.countDown();
        WorkOrder done = o.completion(waiting.id()).get(30, TimeUnit.SECONDS);
        String seen = "round " + round + ": approved=" + approved.get(10, TimeUnit.SECONDS) + " cancelled="
            + cancelled.get(10, TimeUnit.SECONDS) + " " + Dags.outcomes(o.stepHistory(done.id()));

        List<StepResult> gate = o.stepHistory(done.id()).results().stream()
            .filter(r -> r.step().equals("security")).toList();
        assertEquals(1, gate.size(), seen);
        assertEquals(approved.get() ? StepOutcome.SUCCEEDED : StepOutcome.CANCELLED, gate.get(0).outcome(), seen);
        assertTrue(approved.get() || cancelled.get(), seen);
        assertEquals(cancelled.get() ? WorkOrderStatus.CANCELLED : WorkOrderStatus.COMPLETED, done.status(), seen);
        assertEquals(done.status(), o.workOrder(done.id()).orElseThrow().status(), seen);
        List<WorkOrderStatus> heard = h.events(WorkOrderEvent.StatusChanged.class).stream()
            .map(WorkOrderEvent.StatusChanged::current).toList();
        assertEquals(done.status(), heard.get(heard.size() - 1), seen);
        assertEquals(Map.of(), o.waitingGates(done.id()));
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
