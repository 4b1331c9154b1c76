package dev.awo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Budgets stop an agent that keeps spending, from its streamed usage")
@Timeout(60)
class BudgetEnforcementTest {
  /** 10 000 input tokens on a Sonnet model: $0.03 a message at the default prices. */
  private static final TokenUsage MESSAGE = new TokenUsage(10_000, 0, 0, 0);
  private static final String SONNET = "claude-sonnet-4-5";

  private static WorkflowDefinition oneNode(String budgetJson, String nodeBudgetJson) {
    return WorkflowJson.parse("""
        {"name": "spend", %s "nodes": [
          {"id": "spend", "type": "agent_call", "template": "implementor", "arguments": ["$context.task"],
           %s "retry": {"max_attempts": 3, "initial_delay": "PT1S", "jitter": 0.0}}]}
        """.formatted(budgetJson, nodeBudgetJson));
  }

  /** Streams up to 100 messages, counting them, until stopped. */
  private static ScriptedAgent spender(AtomicInteger messages) {
    return ScriptedAgent.builder().reply("spend", call -> {
      for (int i = 0; i < 100 && !call.stopped(); i++) {
        call.message("working " + i, MESSAGE, SONNET);
        messages.incrementAndGet();
      }
      return "spent it all";
    }).build();
  }

  @Test
  @DisplayName("the work order's maxCostUsd stops the agent at the message that crosses it; saved as failed, not retried")
  void workOrderCostBudget() {
    AtomicInteger messages = new AtomicInteger();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .workflow(oneNode("\"budget\": {\"max_cost_usd\": 0.10},", "")).agent(spender(messages)).build()) {
      WorkOrder done = env.run("Spend");

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals(4, messages.get(), "stopped within one message of crossing $0.10 ($0.12 after the 4th)");
      List<StepResult> results = env.saves(done.id()).get(env.saves(done.id()).size() - 1).results();
      assertEquals(1, results.size(), "a budget stop is not retried");
      StepResult stopped = results.get(0);
      assertEquals(StepOutcome.FAILED, stopped.outcome());
      assertEquals("budget exceeded: the work order's maxCostUsd of $0.10 was exceeded by $0.02 ($0.12 spent, "
          + "partly estimated from tokens); the agent was stopped", stopped.errorMessage());
      assertEquals(0, new BigDecimal("0.12").compareTo(stopped.costUsd()), String.valueOf(stopped.costUsd()));
      assertEquals(new TokenUsage(40_000, 0, 0, 0), stopped.tokenUsage());
      assertEquals(4, stopped.turns());
      assertEquals("true", stopped.data().get("cost_estimated"));
      assertTrue(done.errorMessage().contains("maxCostUsd of $0.10"), done.errorMessage());
    }
  }

  @Test
  @DisplayName("a node's maxTurns counts every attempt: failed turns of attempt 1 are spent when attempt 2 is stopped")
  void nodeTurnBudgetAcrossRetries() {
    AtomicInteger messages = new AtomicInteger();
    ScriptedAgent agent = ScriptedAgent.builder().reply("spend", call -> {
      if (call.attempt() == 1) {
        for (int i = 0; i < 3; i++) {
          call.message("try " + i, MESSAGE, SONNET);
        }
        return call.fail("flaky");
      }
      for (int i = 0; i < 100 && !call.stopped(); i++) {
        call.message("again " + i, MESSAGE, SONNET);
        messages.incrementAndGet();
      }
      return "done";
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .workflow(oneNode("", "\"budget\": {\"max_turns\": 5},")).agent(agent).build()) {
      WorkOrder done = env.run("Spend");

      assertEquals(WorkOrderStatus.FAILED, done.status());
      List<StepResult> results = env.saves(done.id()).get(env.saves(done.id()).size() - 1).results();
      assertEquals(2, results.size());
      assertEquals("spend failed: flaky", results.get(0).errorMessage());
      assertEquals(3, results.get(0).turns(), "a failed attempt's turns are recorded from its stream");
      assertEquals(0, new BigDecimal("0.09").compareTo(results.get(0).costUsd()));
      assertEquals(3, messages.get(), "attempt 2 is stopped at its 3rd message, the 6th turn of the node");
      assertEquals("budget exceeded: node 'spend''s maxTurns of 5 was exceeded by 1 turn (6 turns taken); the agent "
          + "was stopped", results.get(1).errorMessage());
    }
  }

  @Test
  @DisplayName("a request's own budget replaces the workflow's; once used up, the next node fails without starting the agent")
  void usedUpBudgetRefusesTheNextAttempt() {
    WorkflowDefinition three = WorkflowJson.parse("""
        {"name": "three", "budget": {"max_cost_usd": 100},
         "nodes": [{"id": "one", "type": "agent_call", "template": "implementor"},
                   {"id": "two", "type": "agent_call", "template": "implementor"},
                   {"id": "three", "type": "agent_call", "template": "implementor"}],
         "edges": [{"from": "one", "to": "two"}, {"from": "two", "to": "three"}]}
        """);
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(three).build()) {
      WorkOrder done = env.run(WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL, "Go")
          .workflow("three").budget(Budget.maxCostUsd(new BigDecimal("0.02"))).build());

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals(List.of("one", "two"), env.agent().steps(), "each scripted step costs $0.01; 'three' never ran");
      StepResult refused = env.saves(done.id()).get(env.saves(done.id()).size() - 1).latest("three").orElseThrow();
      assertEquals("budget exceeded: the work order's maxCostUsd of $0.02 is used up ($0.02 spent), so the agent "
          + "was not started", refused.errorMessage());
      assertNull(refused.costUsd());
    }
  }

  @Test
  @DisplayName("parallel nodes share the work order's budget live: both are stopped, each within one message")
  void parallelNodesShareTheBudget() {
    WorkflowDefinition fanOut = WorkflowJson.parse("""
        {"name": "fan", "budget": {"max_cost_usd": 0.30},
         "nodes": [{"id": "start", "type": "agent_call", "template": "implementor"},
                   {"id": "left", "type": "agent_call", "template": "implementor"},
                   {"id": "right", "type": "agent_call", "template": "implementor"}],
         "edges": [{"from": "start", "to": "left"}, {"from": "start", "to": "right"}]}
        """);
    AtomicInteger messages = new AtomicInteger();
    ScriptedAgent.Reply spend = call -> {
      for (int i = 0; i < 100 && !call.stopped(); i++) {
        call.message("working " + i, MESSAGE, SONNET);
        messages.incrementAndGet();
      }
      return "spent";
    };
    ScriptedAgent agent = ScriptedAgent.builder().reply("left", spend).reply("right", spend).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(fanOut).agent(agent).build()) {
      WorkOrder done = env.run("Fan out");

      assertEquals(WorkOrderStatus.FAILED, done.status());
      StepHistory history = env.orchestrator().stepHistory(done.id());
      BigDecimal total = BigDecimal.ZERO;
      for (StepResult r : history.results()) {
        total = total.add(r.costUsd() == null ? BigDecimal.ZERO : r.costUsd());
      }
      for (String node : List.of("left", "right")) {
        StepResult r = history.latest(node).orElseThrow();
        assertTrue(r.errorMessage().startsWith("budget exceeded: the work order's maxCostUsd of $0.30"),
            r.errorMessage());
      }
      // $0.01 for start, then $0.03 a message: each node can be one message past the line at most
      assertTrue(total.compareTo(new BigDecimal("0.37")) <= 0, "spent " + total + " in " + messages + " messages");
      assertTrue(messages.get() <= 12, messages + " messages");
    }
  }

  @Test
  @DisplayName("a follow-up prompt counts against the work order's budget: once it is used up, the prompt is refused")
  void followUpPromptsCount() {
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .workflow(oneNode("\"budget\": {\"max_cost_usd\": 0.01},", ""))
        .configure(b -> b.sandboxRetention(dev.awo.core.SandboxRetention.KEEP)).build()) {
      WorkOrder done = env.run("Go");
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());

      StepResult prompt = env.orchestrator().prompt(done.id(), "Also add tests");

      assertEquals(StepOutcome.FAILED, prompt.outcome());
      assertEquals("budget exceeded: the work order's maxCostUsd of $0.01 is used up ($0.01 spent), so the agent "
          + "was not started", prompt.errorMessage());
      assertEquals(List.of("spend"), env.agent().steps(), "the agent was not called for the prompt");
    }
  }

  @Test
  @DisplayName("an agent whose own final report passes the budget is saved as failed, saying it had finished")
  void reportedCostOverTheBudget() {
    ScriptedAgent agent = ScriptedAgent.builder().reply("spend", call -> {
      call.message("cheap so far", new TokenUsage(100, 0, 0, 0), SONNET);
      call.emit(new AgentEvent.Result("success", false, null, "done", "s1", new BigDecimal("0.25"),
          new TokenUsage(50_000, 4_000, 0, 0), 3, null, null, List.of()));
      return "done";
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .workflow(oneNode("\"budget\": {\"max_cost_usd\": 0.10},", "")).agent(agent).build()) {
      WorkOrder done = env.run("Spend");

      assertEquals(WorkOrderStatus.FAILED, done.status());
      StepResult r = env.orchestrator().stepHistory(done.id()).latest("spend").orElseThrow();
      assertEquals("budget exceeded: the work order's maxCostUsd of $0.10 was exceeded by $0.15 ($0.25 spent, as the "
          + "agent reported when it finished); its result is not used", r.errorMessage());
      assertEquals(0, new BigDecimal("0.25").compareTo(r.costUsd()));
      assertEquals(new TokenUsage(50_000, 4_000, 0, 0), r.tokenUsage());
      assertEquals(3, r.turns());
    }
  }

  @Test
  @DisplayName("a cancelled attempt keeps the cost and tokens it streamed")
  void cancelledAttemptRecordsItsSpend() throws Exception {
    java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
    ScriptedAgent agent = ScriptedAgent.builder().reply("spend", call -> {
      call.message("one", MESSAGE, SONNET);
      call.message("two", MESSAGE, SONNET);
      streaming.countDown();
      call.awaitStop(java.time.Duration.ofSeconds(30));
      return "never";
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(oneNode("", "")).agent(agent)
        .build()) {
      var id = env.orchestrator().submit(WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL, "Go")
          .workflow("spend").build());
      assertTrue(streaming.await(30, java.util.concurrent.TimeUnit.SECONDS));
      env.orchestrator().cancel(id);
      WorkOrder done = env.orchestrator().completion(id).get(30, java.util.concurrent.TimeUnit.SECONDS);

      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      StepResult cancelled = env.orchestrator().stepHistory(id).latest("spend").orElseThrow();
      assertEquals(StepOutcome.CANCELLED, cancelled.outcome());
      assertEquals(0, new BigDecimal("0.06").compareTo(cancelled.costUsd()), String.valueOf(cancelled.costUsd()));
      assertEquals(new TokenUsage(20_000, 0, 0, 0), cancelled.tokenUsage());
      assertEquals(2, cancelled.turns());
    }
  }

  @Test
  @DisplayName("an attempt that fails after streaming (a timeout, say) keeps its streamed spend")
  void failedAttemptRecordsItsSpend() {
    ScriptedAgent agent = ScriptedAgent.builder().reply("spend", call -> {
      call.message("one", MESSAGE, SONNET);
      return call.fail("timed out: the agent ran longer than 30 s and was killed");
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(oneNode("", "")).agent(agent)
        .build()) {
      WorkOrder done = env.run("Go");
      List<StepResult> results = env.saves(done.id()).get(env.saves(done.id()).size() - 1).results();
      assertEquals(3, results.size(), "an ordinary failure is retried");
      for (StepResult r : results) {
        assertEquals(0, new BigDecimal("0.03").compareTo(r.costUsd()));
        assertEquals(MESSAGE, r.tokenUsage());
      }
    }
  }
}
