package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static dev.awo.core.dag.Dags.gate;
import static dev.awo.core.dag.Dags.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.UnknownGateException;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkOrderStateException;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Human gates: waiting, approval, rejection, cancellation and a restart")
@Timeout(60)
class HumanGateTest {
  @TempDir Path base;

  private static final WorkflowDefinition GATED = WorkflowDefinition.builder("gated")
      .node(agent("plan"))
      .node(gate("approve", "Carry out this plan? $plan.output"))
      .node(NodeDefinition.agentCall("implement", "generic").arguments("$plan.output", "$approve.decision").build())
      .edge("plan", "approve").edge("approve", "implement").build();

  private static WorkOrderRequest request() {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").workflow("gated").build();
  }

  private static FunctionAgent planner() {
    return new FunctionAgent(r -> r.step().equals("plan") ? "the plan: add --verbose" : "done: " + r.step());
  }

  @Test
  @DisplayName("a gate parks the work order as waiting, without a thread; approval saves the decision and the run goes on")
  void approve() throws Exception {
    Harness h = new Harness(base);
    FunctionAgent agent = planner();
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(GATED).build()) {
      WorkOrder waiting = o.run(request()); // returns when the run parks
      assertEquals(WorkOrderStatus.WAITING, waiting.status());
      assertEquals("approve", waiting.currentStep());
      assertEquals(Map.of("approve", "Carry out this plan? the plan: add --verbose"), o.waitingGates(waiting.id()));
      assertEquals(List.of("plan"), agent.steps());
      assertEquals(1, o.stepHistory(waiting.id()).version());

      o.approve(waiting.id(), "approve");
      WorkOrder done = Dags.awaitTerminal(o, waiting.id());
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      StepHistory history = o.stepHistory(done.id());
      assertEquals("plan=succeeded approve=succeeded implement=succeeded", outcomes(history));
      assertEquals("approved", history.latest("approve").orElseThrow().data().get("decision"));
      assertTrue(agent.requests().get(1).prompt().contains("the plan: add --verbose approved"));
      assertTrue(h.sandboxes.cleanedUp(done.id()));
      assertTrue(h.events(dev.awo.spi.event.WorkOrderEvent.StatusChanged.class).stream()
          .anyMatch(e -> e.current() == WorkOrderStatus.WAITING));
    }
  }

  @Test
  @DisplayName("rejection saves the decision with its reason and fails the work order; nothing after the gate runs")
  void reject() throws Exception {
    Harness h = new Harness(base);
    FunctionAgent agent = planner();
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(GATED).build()) {
      WorkOrder waiting = o.run(request());
      o.reject(waiting.id(), "approve", "the plan misses the docs");
      WorkOrder done = Dags.awaitTerminal(o, waiting.id());
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("step 'approve' failed: rejected by a person: the plan misses the docs"),
          done.errorMessage());
      StepResult decision = o.stepHistory(done.id()).latest("approve").orElseThrow();
      assertEquals(StepOutcome.FAILED, decision.outcome());
      assertEquals("rejected", decision.data().get("decision"));
      assertEquals(List.of("plan"), agent.steps());
    }
  }

  @Test
  @DisplayName("deciding a gate that is not waiting is a clear error naming the gates that are")
  void wrongGate() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = Dags.builder(h, planner()).workflow(GATED).build()) {
      WorkOrder waiting = o.run(request());
      UnknownGateException e = assertThrows(UnknownGateException.class, () -> o.approve(waiting.id(), "plan"));
      assertTrue(e.getMessage().contains("'plan' is not a human gate") && e.getMessage().contains("gates: approve"),
          e.getMessage());
      assertEquals(WorkOrderStatus.WAITING, o.workOrder(waiting.id()).orElseThrow().status());
    }
  }

  @Test
  @DisplayName("cancelling a waiting work order records its gate cancelled, cleans up and ends cancelled")
  void cancelWhileWaiting() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = Dags.builder(h, planner()).workflow(GATED).build()) {
      WorkOrder waiting = o.run(request());
      assertTrue(o.cancel(waiting.id()));
      WorkOrder done = o.workOrder(waiting.id()).orElseThrow();
      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      assertEquals("plan=succeeded approve=cancelled", outcomes(o.stepHistory(done.id())));
      assertTrue(h.sandboxes.cleanedUp(done.id()));
      assertThrows(WorkOrderStateException.class, () -> o.approve(done.id(), "approve"));
    }
  }

  @Test
  @DisplayName("the wait survives a restart: a second orchestrator on the same repositories recovers and finishes it")
  void survivesRestart() throws Exception {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
    FunctionAgent first = planner();
    WorkOrder waiting;
    try (WorkflowOrchestrator o = Dags.builder(h, first).workflow(GATED).workOrderRepository(workOrders).build()) {
      waiting = o.run(request());
      assertEquals(WorkOrderStatus.WAITING, waiting.status());
    } // the host stops; the work order stays waiting in the repositories
    assertEquals(WorkOrderStatus.WAITING, workOrders.find(waiting.id()).orElseThrow().status());

    FunctionAgent second = planner();
    try (WorkflowOrchestrator o = Dags.builder(h, second).workflow(GATED).workOrderRepository(workOrders).build()) {
      assertThrows(WorkOrderStateException.class, () -> o.approve(waiting.id(), "approve"),
          "before recovery the new orchestrator does not know the run");
      assertEquals(List.of(waiting.id()), o.recoverWaiting());
      assertEquals(Map.of("approve", "Carry out this plan? the plan: add --verbose"), o.waitingGates(waiting.id()));
      o.approve(waiting.id(), "approve");
      WorkOrder done = Dags.awaitTerminal(o, waiting.id());
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(List.of("implement"), second.steps(), "plan is not run again");
      assertTrue(second.requests().get(0).prompt().contains("the plan: add --verbose approved"),
          "the plan's output was restored from the saved history");
      assertEquals(List.of(1L, 2L, 3L), h.histories.saved(done.id()).stream().map(StepHistory::version).toList());
    }
  }

  @Test
  @DisplayName("the completion handle of a waiting work order completes once it is approved and ends")
  void completionOfAWaitingWorkOrder() throws Exception {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = Dags.builder(h, planner()).workflow(GATED).build()) {
      WorkOrder waiting = o.run(request());
      java.util.concurrent.CompletableFuture<WorkOrder> done = o.completion(waiting.id());
      assertTrue(!done.isDone(), "not done while it waits");
      o.approve(waiting.id(), "approve");
      assertEquals(WorkOrderStatus.COMPLETED, done.get(30, java.util.concurrent.TimeUnit.SECONDS).status());
    }
  }

  @Test
  @DisplayName("a handle asked for before recovery completes when the recovered work order ends")
  void completionAskedBeforeRecovery() throws Exception {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
    WorkOrder waiting;
    try (WorkflowOrchestrator o = Dags.builder(h, planner()).workflow(GATED).workOrderRepository(workOrders).build()) {
      waiting = o.run(request());
    }
    try (WorkflowOrchestrator o = Dags.builder(h, planner()).workflow(GATED).workOrderRepository(workOrders).build()) {
      java.util.concurrent.CompletableFuture<WorkOrder> done = o.completion(waiting.id());
      assertEquals(List.of(waiting.id()), o.recoverWaiting());
      o.reject(waiting.id(), "approve", "not now");
      WorkOrder ended = done.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.FAILED, ended.status());
      assertTrue(ended.errorMessage().contains("not now"), ended.errorMessage());
    }
  }
}
