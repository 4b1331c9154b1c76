package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.workflow.FailureCategory;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's whole {@link RetryPolicy} on Temporal: the workflow waits on durable timers as
 * {@code delayBeforeRetry} says (backoff, jitter, time budget), in virtual time. The waits are read
 * from the workflow's history (its timers), so they are exact.
 */
@DisplayName("Node retries on Temporal follow the whole RetryPolicy: backoff, jitter and time budget, on durable timers")
@Timeout(120)
class RetryOnTemporalTest {
  @TempDir Path base;

  /** A workflow of one agent node "a" under {@code retry}. */
  static WorkflowDefinition oneNode(String name, RetryPolicy retry) {
    return WorkflowDefinition.builder(name)
        .node(NodeDefinition.agentCall("a", "generic").arguments("$context.task").retry(retry).build())
        .build();
  }

  /** An agent failing its first {@code failures} calls ("FAIL: flaky n"), then answering "ok". */
  static FunctionAgent failingFirst(int failures) {
    AtomicInteger calls = new AtomicInteger();
    return new FunctionAgent(r -> {
      int call = calls.incrementAndGet();
      return call <= failures ? "FAIL: flaky " + call : "ok";
    });
  }

  /** The durations of the timers the workflow started, in order: its waits between attempts. */
  static List<Duration> timers(WorkflowExecutionHistory history) {
    return history.getEvents().stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .map(HistoryEvent::getTimerStartedEventAttributes)
        .map(a -> Duration.ofSeconds(a.getStartToFireTimeout().getSeconds(), a.getStartToFireTimeout().getNanos()))
        .toList();
  }

  private static List<Integer> attempts(TemporalHarness t, WorkOrderId id) {
    return t.orders.stepHistory(id).results().stream().map(StepResult::attempt).toList();
  }

  @Test
  @DisplayName("the waits between attempts are the policy's backoff: 10, 20, 40 minutes, capped at 40")
  void backoffFollowsThePolicy() throws Exception {
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(5).initialInterval(Duration.ofMinutes(10))
        .backoffCoefficient(2).maximumInterval(Duration.ofMinutes(40)).build();
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(failingFirst(4))
        .commandTemplates(new AnyTemplates()).workflow(oneNode("backoff", retry)))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("backoff"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      assertEquals(List.of(1, 2, 3, 4, 5), attempts(t, id));
      assertEquals(List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofMinutes(40)),
          timers(t.env.getWorkflowClient().fetchHistory(id.value())));
    }
  }

  @Test
  @DisplayName("jitter varies each wait within ±jitter, differently per attempt, and the run replays deterministically")
  void jitterStaysWithinItsBoundsAndReplays() throws Exception {
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(6).initialInterval(Duration.ofMinutes(10))
        .backoffCoefficient(1).maximumInterval(Duration.ofMinutes(10)).jitter(0.5).build();
    WorkflowDefinition jittery = oneNode("jittery", retry);
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(failingFirst(5))
        .commandTemplates(new AnyTemplates()).workflow(jittery))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("jittery"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      WorkflowExecutionHistory history = t.env.getWorkflowClient().fetchHistory(id.value());
      List<Duration> waits = timers(history);
      assertEquals(5, waits.size(), "one wait before each retry: " + waits);
      for (Duration wait : waits) {
        assertTrue(wait.compareTo(Duration.ofMinutes(5)) >= 0 && wait.compareTo(Duration.ofMinutes(15)) <= 0,
            "within 10 minutes ± 50%: " + waits);
      }
      assertTrue(new HashSet<>(waits).size() > 1, "the jitter differs across attempts: " + waits);
      ReplayTest.replay(base.resolve("replay"), history, jittery);
    }
  }

  @Test
  @DisplayName("a time budget stops the retries: 4 attempts of 10 allowed (waits 10, 10, 5 min in a 25-min budget), failed naming the node")
  void timeBudgetStopsRetries() throws Exception {
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(10).initialInterval(Duration.ofMinutes(10))
        .backoffCoefficient(1).maximumInterval(Duration.ofMinutes(10)).timeBudget(Duration.ofMinutes(25)).build();
    FunctionAgent agent = failingFirst(100);
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(agent)
        .commandTemplates(new AnyTemplates()).workflow(oneNode("budget", retry)))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("budget"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("'a'") && done.errorMessage().contains("flaky 4"), done.errorMessage());
      assertEquals(List.of(1, 2, 3, 4), attempts(t, id));
      assertEquals(4, agent.requests().size());
      List<Duration> waits = timers(t.env.getWorkflowClient().fetchHistory(id.value()));
      assertEquals(3, waits.size(), String.valueOf(waits));
      assertEquals(List.of(Duration.ofMinutes(10), Duration.ofMinutes(10)), waits.subList(0, 2));
      assertTrue(waits.get(2).compareTo(Duration.ofMinutes(5)) <= 0
          && waits.get(2).compareTo(Duration.ofMinutes(4)) > 0, "the last wait ends with the budget: " + waits);
    }
  }

  @Test
  @DisplayName("a non-retryable category is one attempt and no wait, however many attempts the policy allows")
  void nonRetryableCategoryIsOneAttempt() throws Exception {
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(5).initialInterval(Duration.ofMinutes(10))
        .doNotRetry(FailureCategory.AGENT_FAILED).build();
    FunctionAgent agent = failingFirst(100);
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(agent)
        .commandTemplates(new AnyTemplates()).workflow(oneNode("strict", retry)))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("strict"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals(List.of(1), attempts(t, id));
      assertEquals(StepOutcome.FAILED, t.orders.stepHistory(id).latest("a").orElseThrow().outcome());
      assertEquals(List.of(), timers(t.env.getWorkflowClient().fetchHistory(id.value())));
    }
  }

  @Test
  @DisplayName("a cancel while the node waits to retry ends the work order cancelled, with no further attempt")
  void cancelWhileWaitingToRetry() throws Exception {
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(3).initialInterval(Duration.ofHours(1)).build();
    FunctionAgent agent = failingFirst(100);
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(agent)
        .commandTemplates(new AnyTemplates()).workflow(oneNode("patient", retry)))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("patient"));
      // polling the repository does not skip time, so the hour's timer is still running
      for (int i = 0; i < 300 && t.orders.stepHistory(id).size() < 1; i++) {
        Thread.sleep(100);
      }
      assertEquals(List.of(1), attempts(t, id), "the first attempt failed and the wait began");
      assertTrue(t.orders.cancel(id));
      WorkOrder done = t.orders.completion(id).get(30, java.util.concurrent.TimeUnit.SECONDS);

      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      assertEquals(List.of(1), attempts(t, id));
      assertEquals(1, agent.requests().size());
    }
  }

  @Test
  @DisplayName("an attempt that went over the node's budget is never retried, as embedded, though the policy allows 3 attempts")
  void budgetExceededIsNotRetried() throws Exception {
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(3).initialInterval(Duration.ofMinutes(1)).build();
    AtomicInteger calls = new AtomicInteger();
    dev.awo.spi.agent.AgentExecutor spender = (request, events) -> {
      calls.incrementAndGet();
      events.accept(new dev.awo.spi.agent.AgentEvent.Result("success", false, null, "ok", "s",
          new java.math.BigDecimal("0.01"), new dev.awo.domain.TokenUsage(100, 50, 0, 0), 5, Duration.ofMillis(1),
          Duration.ofMillis(1), List.of()));
      return new dev.awo.spi.agent.AgentOutcome(true, "ok", "s", new java.math.BigDecimal("0.01"),
          new dev.awo.domain.TokenUsage(100, 50, 0, 0), 5, Duration.ofMillis(1), null);
    };
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(spender)
        .commandTemplates(new AnyTemplates()).workflow(WorkflowDefinition.builder("spender")
            .node(NodeDefinition.agentCall("a", "generic").arguments("$context.task").retry(retry)
                .budget(dev.awo.core.workflow.Budget.maxTurns(2)).build()).build()))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("spender"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("budget exceeded"), done.errorMessage());
      assertEquals(List.of(1), attempts(t, id));
      assertEquals(1, calls.get());
    }
  }
}
