package dev.awo.core.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.sandbox.SandboxRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A work order submitted with a budget of its own, smaller than its workflow's, crashed while a
 * step ran (the stores copied as a kill -9 leaves them), then recovered on a new orchestrator.
 */
@DisplayName("recover(): a work order keeps the budget its request set")
@Timeout(60)
class RecoveredBudgetTest {
  /** Three agent steps of one turn each ($0.01 each, FunctionAgent); the workflow allows 10 turns. */
  private static final WorkflowDefinition THREE_STEPS = WorkflowDefinition.builder("three")
      .budget(Budget.maxTurns(10))
      .node(NodeDefinition.agentCall("a", "generic").build())
      .node(NodeDefinition.agentCall("b", "generic").retry(RetryPolicy.builder().maximumAttempts(2).build()).build())
      .node(NodeDefinition.agentCall("c", "generic").build())
      .edge("a", "b").edge("b", "c")
      .build();

  @TempDir Path base;

  @Test
  @DisplayName("the request's 2 turns stop the recovered run with budget_exceeded, not the workflow's 10")
  void requestBudgetSurvivesACrash() throws Exception {
    Harness first = new Harness(base.resolve("first"));
    InMemoryWorkOrderRepository firstOrders = new InMemoryWorkOrderRepository();
    CountDownLatch inB = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    FunctionAgent blockingInB = new FunctionAgent(r -> {
      if (r.step().equals("b")) {
        inB.countDown();
        Latches.await(never); // the crash comes while b runs
      }
      return "done: " + r.step();
    });
    Harness second = new Harness(base.resolve("second"));
    InMemoryWorkOrderRepository secondOrders = new InMemoryWorkOrderRepository();
    try (WorkflowOrchestrator crashing = first.builder().agentExecutor(blockingInB).commandTemplates(new AnyTemplates())
        .workflow(THREE_STEPS).workOrderRepository(firstOrders).build()) {
      WorkOrderId id = crashing.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag")
          .workflow("three").budget(Budget.maxTurns(2)).build());
      assertTrue(Latches.await(inB), "step b started");
      WorkOrder stored = firstOrders.find(id).orElseThrow();
      assertEquals(2, stored.maxTurns(), "the request's turn limit, as stored");
      // the kill -9: the second orchestrator finds the stores as they are at this moment
      secondOrders.save(stored);
      second.histories.save(first.histories.find(id).orElseThrow());
      second.sandboxes.create(new SandboxRequest(id, stored.repositoryUrl(), stored.sandboxType()));
      FunctionAgent agent = FunctionAgent.echo();
      try (WorkflowOrchestrator recovering = second.builder().agentExecutor(agent)
          .commandTemplates(new AnyTemplates()).workflow(THREE_STEPS).workOrderRepository(secondOrders).build()) {
        assertEquals(List.of(id), recovering.recover().resumed());
        WorkOrder done = recovering.completion(id).get(30, TimeUnit.SECONDS);
        assertEquals(WorkOrderStatus.FAILED, done.status(), "status under the request's budget");
        assertTrue(done.errorMessage().contains("maxTurns of 2"), done.errorMessage());
        List<StepResult> history = recovering.stepHistory(id).results();
        assertEquals(List.of("a", "b", "b", "c"), history.stream().map(StepResult::step).toList());
        assertEquals(List.of(StepOutcome.SUCCEEDED, StepOutcome.INTERRUPTED, StepOutcome.SUCCEEDED, StepOutcome.FAILED),
            history.stream().map(StepResult::outcome).toList());
        StepResult refused = history.get(3);
        assertTrue(refused.errorMessage().startsWith("budget exceeded: the work order's maxTurns of 2 is used up")
            && refused.errorMessage().contains("the agent was not started"), refused.errorMessage());
        assertEquals(List.of("b"), agent.steps(), "agent calls after the restart: b again, c never");
        assertEquals(new BigDecimal("2"), BigDecimal.valueOf(history.stream().filter(r -> r.turns() != null)
            .mapToInt(StepResult::turns).sum()), "turns recorded");
      }
    } finally {
      never.countDown();
    }
  }
}
