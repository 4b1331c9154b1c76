package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.claude.mock.MockAnthropicServer;
import dev.awo.claude.mock.MockReply;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.workflow.StuckDetection;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.testkit.InMemorySandboxFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI against the loopback Anthropic API of awo-adapters-claude's tests, run
 * by the orchestrator: a budget stops the CLI mid-run from the usage it streams, and an attempt
 * killed by its timeout or a cancellation still records what it spent.
 */
@DisplayName("Budgets and stuck detection with the real Claude Code CLI")
@Timeout(180)
class RealCliBudgetTest {
  private static final String MARKER = "awo-budget-test-sleeper";

  @TempDir Path temp;
  private MockAnthropicServer api;
  private WorkflowOrchestrator orchestrator;

  @BeforeEach
  void startApi() {
    api = MockAnthropicServer.start();
  }

  @AfterEach
  void stop() {
    if (orchestrator != null) {
      orchestrator.close();
    }
    api.close();
  }

  private WorkflowOrchestrator orchestrator(String workflowJson, Consumer<WorkOrderEvent> onEvent) {
    return orchestrator(workflowJson, onEvent, StuckDetection.OFF);
  }

  private WorkflowOrchestrator orchestrator(String workflowJson, Consumer<WorkOrderEvent> onEvent,
      StuckDetection stuck) {
    WorkOrderListener listener = new WorkOrderListener() {
      @Override
      public void onEvent(WorkOrderEvent event) {
        onEvent.accept(event);
      }
    };
    ClaudeCodeConfig config = ClaudeCodeConfig.builder().cliPath(RealClis.claude()).model("sonnet")
        .skipPermissions(true).apiKey("dummy-test-key").isolatedHome(temp.resolve("homes"))
        .timeout(Duration.ofMinutes(2)).environment("ANTHROPIC_BASE_URL", api.baseUrl().toString())
        .environment("CLAUDE_CODE_MAX_RETRIES", "0").build();
    orchestrator = WorkflowOrchestrator.builder().agentExecutor(new ClaudeCodeExecutor(config))
        .sandboxFactory(InMemorySandboxFactory.under(temp.resolve("sandboxes")))
        .workflow(WorkflowJson.parse(workflowJson)).stuckDetection(stuck).listener(listener).build();
    return orchestrator;
  }

  private static String oneNode(String extra) {
    return """
        {"name": "one", %s "nodes": [{"id": "work", "type": "agent_call", "template": "implementor",
          "arguments": ["$context.task"], "retry": {"max_attempts": 3, "initial_delay": "PT0.1S"}}]}
        """.formatted(extra);
  }

  private WorkOrder run(WorkflowOrchestrator o, WorkOrderId id) throws Exception {
    return o.completion(id).get(150, TimeUnit.SECONDS);
  }

  private static StepResult only(WorkflowOrchestrator o, WorkOrderId id) {
    List<StepResult> results = o.stepHistory(id).results();
    assertEquals(1, results.size(), results.toString());
    return results.get(0);
  }

  @Test
  @DisplayName("a CLI that keeps calling tools is stopped by the work order's maxCostUsd within one message")
  void budgetStopsTheCli() throws Exception {
    api.usage(10_000, 50).fallback(MockReply.toolUse("Bash", "{\"command\":\"echo still going\"}"));
    WorkflowOrchestrator o = orchestrator(oneNode("\"budget\": {\"max_cost_usd\": 0.10},"), e -> {});

    WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Spend").workflow("one")
        .build());
    WorkOrder done = run(o, id);

    assertEquals(WorkOrderStatus.FAILED, done.status());
    StepResult stopped = only(o, id); // not retried
    assertEquals(StepOutcome.FAILED, stopped.outcome());
    // $0.03 a message (10 000 input tokens at $3 per million, and the 1 output token the CLI prints for a
    // message as it starts): the 4th crosses $0.10
    assertEquals("budget exceeded: the work order's maxCostUsd of $0.10 was exceeded by $0.0201 ($0.1201 spent, "
        + "partly estimated from tokens); the agent was stopped", stopped.errorMessage());
    int requests = api.messageRequests().size();
    assertTrue(requests >= 4 && requests <= 5, "stopped within one message of crossing: " + requests + " requests");
    assertEquals(4, stopped.turns());
    assertEquals(40_000, stopped.tokenUsage().inputTokens());
    assertEquals("true", stopped.data().get("cost_estimated"));
    assertTrue(descendants("claude").isEmpty(), "the CLI was killed: " + descendants("claude"));
  }

  @Test
  @DisplayName("a CLI repeating the same tool call is stopped after the 5th call (the default stuck detection)")
  void repeatedToolCallStopsTheCli() throws Exception {
    api.fallback(MockReply.toolUse("Bash", "{\"command\":\"ls\"}"));
    WorkflowOrchestrator o = orchestrator("""
        {"name": "one", "nodes": [{"id": "work", "type": "agent_call", "template": "implementor",
          "arguments": ["$context.task"]}]}
        """, e -> {}, StuckDetection.DEFAULT);

    WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Loop").workflow("one")
        .build());
    WorkOrder done = run(o, id);

    assertEquals(WorkOrderStatus.FAILED, done.status());
    StepResult stuck = only(o, id);
    assertEquals("stuck: the agent called Bash with the same input 5 times in a row ({\"command\":\"ls\"}); the agent "
        + "was stopped", stuck.errorMessage());
    int requests = api.messageRequests().size();
    assertTrue(requests >= 5 && requests <= 6, requests + " requests");
    assertTrue(descendants("claude").isEmpty(), "the CLI was killed: " + descendants("claude"));
  }

  @Test
  @DisplayName("an attempt killed by its timeout records the tokens it streamed and their estimated cost")
  void timeoutRecordsSpend() throws Exception {
    api.usage(20_000, 50).enqueue(MockReply.toolUse("Bash", "{\"command\":\"sleep 60 # " + MARKER + "\","
        + "\"timeout\":600000}"));
    WorkflowOrchestrator o = orchestrator("""
        {"name": "one", "nodes": [{"id": "work", "type": "agent_call", "template": "implementor",
          "arguments": ["$context.task"], "timeout": "PT6S"}]}
        """, e -> {});

    WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Sleep").workflow("one")
        .build());
    WorkOrder done = run(o, id);

    assertEquals(WorkOrderStatus.FAILED, done.status());
    StepResult timedOut = only(o, id);
    assertTrue(timedOut.errorMessage().contains("timed out"), timedOut.errorMessage());
    // the timeout's SIGTERM may reach the tool before the CLI, which then takes one more turn and prints
    // its result before it is killed: the cost is then the CLI's own, else estimated from the tokens
    assertTrue(timedOut.tokenUsage().inputTokens() >= 20_000, timedOut.toString());
    assertTrue(timedOut.costUsd().compareTo(new BigDecimal("0.06")) >= 0, timedOut.toString());
    assertTrue(timedOut.turns() >= 1, timedOut.toString());
  }

  @Test
  @DisplayName("a cancelled attempt records the tokens it streamed and their estimated cost")
  void cancelRecordsSpend() throws Exception {
    api.usage(20_000, 50).enqueue(MockReply.toolUse("Bash", "{\"command\":\"sleep 60 # " + MARKER + "\","
        + "\"timeout\":600000}"));
    CountDownLatch toolStarted = new CountDownLatch(1);
    WorkflowOrchestrator o = orchestrator(oneNode(""), event -> {
      if (event instanceof WorkOrderEvent.AgentEventReceived received && "tool_use".equals(received.event().type())) {
        toolStarted.countDown();
      }
    });

    WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Sleep").workflow("one")
        .build());
    assertTrue(toolStarted.await(60, TimeUnit.SECONDS));
    o.cancel(id);
    WorkOrder done = run(o, id);

    assertEquals(WorkOrderStatus.CANCELLED, done.status());
    StepResult cancelled = only(o, id);
    assertEquals(StepOutcome.CANCELLED, cancelled.outcome());
    assertEquals(20_000, cancelled.tokenUsage().inputTokens());
    // one message: 20 000 input tokens and the 1 output token printed as it started, at $3 and $15 per million
    assertEquals(0, new BigDecimal("0.060015").compareTo(cancelled.costUsd()), String.valueOf(cancelled.costUsd()));
    assertEquals("true", cancelled.data().get("cost_estimated"));
  }

  private static List<String> descendants(String needle) {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse(""))
        .filter(cmd -> cmd.contains(needle) || cmd.contains(MARKER)).toList();
  }
}
