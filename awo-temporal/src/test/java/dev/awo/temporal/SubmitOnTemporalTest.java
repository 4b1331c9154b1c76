package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.IdempotencyKeyConflictException;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Submitting on Temporal as embedded: the request's own budget, keys raced and reused")
@Timeout(120)
class SubmitOnTemporalTest {
  @TempDir Path base;

  private static WorkflowDefinition one() {
    return WorkflowDefinition.builder("one")
        .node(NodeDefinition.agentCall("a", "generic").arguments("$context.task").build()).build();
  }

  @Test
  @DisplayName("a request's budget (2 turns) stops an agent that took 5, though its workflow sets no budget")
  void requestBudgetApplies() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AgentExecutor spender = (request, events) -> {
      calls.incrementAndGet();
      TokenUsage usage = new TokenUsage(100, 50, 0, 0);
      events.accept(new AgentEvent.Result("success", false, null, "ok", "s", new BigDecimal("0.01"), usage, 5,
          Duration.ofMillis(1), Duration.ofMillis(1), List.of()));
      return new AgentOutcome(true, "ok", "s", new BigDecimal("0.01"), usage, 5, Duration.ofMillis(1), null);
    };
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(spender).commandTemplates(new AnyTemplates()).workflow(one()))) {
      WorkOrderId id = t.orders.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "spend")
          .workflow("one").budget(Budget.maxTurns(2)).build());
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status(), "the request's budget is the work order's, on Temporal too");
      assertTrue(done.errorMessage().contains("budget exceeded"), done.errorMessage());
      assertEquals(Integer.valueOf(2), done.maxTurns());
      assertEquals(1, calls.get());
    }
  }

  @Test
  @DisplayName("eight submits with one key at the same moment: one id, one row, one run, one agent call")
  void racedKeyStartsOneRun() throws Exception {
    FunctionAgent agent = FunctionAgent.echo();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(one()))) {
      WorkOrderRequest request = WorkOrderRequest.builder("https://github.com/acme/widgets", "once")
          .workflow("one").idempotencyKey("ticket-race").build();
      int callers = 8;
      CyclicBarrier together = new CyclicBarrier(callers);
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      List<WorkOrderId> ids = new ArrayList<>();
      try {
        List<Future<WorkOrderId>> submits = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          submits.add(pool.submit(() -> {
            together.await(10, TimeUnit.SECONDS);
            return t.orders.submit(request);
          }));
        }
        for (Future<WorkOrderId> submit : submits) {
          ids.add(submit.get(30, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      WorkOrderId first = ids.get(0);
      assertEquals(List.of(first), ids.stream().distinct().toList());
      assertEquals(WorkOrderStatus.COMPLETED, t.await(first).status());
      assertEquals(1, t.orders.workOrders().size());
      assertEquals(1, agent.requests().size());
    }
  }

  @Test
  @DisplayName("a key reused for another request is an IdempotencyKeyConflictException naming what differs, nothing started")
  void keyReusedForAnotherRequest() throws Exception {
    FunctionAgent agent = FunctionAgent.echo();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(one()))) {
      WorkOrderId first = t.orders.submit(TemporalHarness.request("one"), "ticket-9");
      t.await(first);

      IdempotencyKeyConflictException conflict = assertThrows(IdempotencyKeyConflictException.class,
          () -> t.orders.submit(WorkOrderRequest.builder("https://github.com/acme/other", "Add a --verbose flag")
              .workflow("one").build(), "ticket-9"));
      assertTrue(conflict.getMessage().contains("repository"), conflict.getMessage());
      assertEquals(1, t.orders.workOrders().size());
      assertEquals(1, agent.requests().size());
    }
  }
}
