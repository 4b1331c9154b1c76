package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static dev.awo.core.dag.Dags.condition;
import static dev.awo.core.dag.Dags.outcomes;
import static dev.awo.core.dag.Dags.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderMetrics;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.FailureMode;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.OutputKind;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.FailureCategory;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The dependency-driven workflow runner")
class DagRunTest {
  @TempDir Path base;

  private WorkOrder run(Harness h, FunctionAgent agent, WorkflowDefinition definition) {
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(definition).build()) {
      return o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "do it").workflow(definition.name()).build());
    }
  }

  @Test
  @DisplayName("a linear workflow A -> B -> C runs its nodes in order, each saved as it ends")
  void linear() {
    Harness h = new Harness(base);
    FunctionAgent agent = FunctionAgent.echo();
    WorkflowDefinition abc = WorkflowDefinition.linear("abc", List.of(agent("a"), agent("b"), agent("c"))).build();
    WorkOrder done = run(h, agent, abc);
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertEquals(List.of("a", "b", "c"), agent.steps());
    assertEquals(List.of(1L, 2L, 3L), h.histories.saved(done.id()).stream().map(StepHistory::version).toList());
    assertEquals(List.of("a", "b", "c"), steps(h.histories.saved(done.id()).get(2)));
  }

  @Test
  @DisplayName("in A -> (B, C) -> D, B and C really run at the same time and D starts after both")
  @Timeout(60)
  void parallelBranchesOverlap() {
    Harness h = new Harness(base);
    CountDownLatch bInside = new CountDownLatch(1);
    CountDownLatch cInside = new CountDownLatch(1);
    FunctionAgent agent = new FunctionAgent(r -> {
      try {
        if (r.step().equals("b")) {
          bInside.countDown();
          return cInside.await(20, TimeUnit.SECONDS) ? "b saw c running" : "FAIL: c never ran alongside b";
        }
        if (r.step().equals("c")) {
          cInside.countDown();
          return bInside.await(20, TimeUnit.SECONDS) ? "c saw b running" : "FAIL: b never ran alongside c";
        }
        return "done: " + r.step();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "FAIL: interrupted";
      }
    });
    WorkflowDefinition diamond = WorkflowDefinition.builder("diamond")
        .node(agent("a")).node(agent("b")).node(agent("c"))
        .node(NodeDefinition.agentCall("d", "generic").arguments("$b.output", "$c.output").build())
        .edge("a", "b").edge("a", "c").edge("b", "d").edge("c", "d").build();
    WorkOrder done = run(h, agent, diamond);
    assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
    assertEquals(2, agent.maxConcurrent());
    assertEquals("a", agent.steps().get(0));
    assertEquals("d", agent.steps().get(3));
    assertTrue(agent.requests().get(3).prompt().contains("b saw c running c saw b running"),
        agent.requests().get(3).prompt());
  }

  @Test
  @DisplayName("a node starts as soon as its own inputs are done, not when its whole level is")
  @Timeout(60)
  void notLevelByLevel() {
    // a -> slow -> x ; a -> fast -> y : y must start while slow is still running
    Harness h = new Harness(base);
    CountDownLatch yStarted = new CountDownLatch(1);
    FunctionAgent agent = new FunctionAgent(r -> {
      try {
        if (r.step().equals("slow")) {
          return yStarted.await(20, TimeUnit.SECONDS) ? "ok" : "FAIL: y waited for slow";
        }
        if (r.step().equals("y")) {
          yStarted.countDown();
        }
        return "ok";
      } catch (InterruptedException e) {
        return "FAIL: interrupted";
      }
    });
    WorkflowDefinition d = WorkflowDefinition.builder("levels")
        .node(agent("a")).node(agent("slow")).node(agent("fast")).node(agent("x")).node(agent("y"))
        .edge("a", "slow").edge("a", "fast").edge("slow", "x").edge("fast", "y").build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
  }

  @Test
  @DisplayName("maxParallelNodes bounds how many nodes of one work order run at once")
  void parallelismIsBounded() {
    Harness h = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> {
      Thread.yield();
      return "ok";
    });
    WorkflowDefinition.Builder wide = WorkflowDefinition.builder("wide").node(agent("start"));
    for (int i = 0; i < 12; i++) {
      wide.node(agent("n" + i)).edge("start", "n" + i);
    }
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(wide.build()).maxParallelNodes(2).build()) {
      WorkOrder done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("wide").build());
      assertEquals(WorkOrderStatus.COMPLETED, done.status());
      assertEquals(13, o.stepHistory(done.id()).version());
    }
    assertTrue(agent.maxConcurrent() <= 2, "at most 2 at once, saw " + agent.maxConcurrent());
  }

  @Test
  @DisplayName("a complex DAG with fan-out, fan-in, a condition and a tolerated failure ends with every node accounted for")
  void complexDag() {
    Harness h = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> switch (r.step()) {
      case "classify" -> "/bug";
      case "lint" -> "FAIL: lint found 3 problems";
      case "test" -> "12 tests PASS";
      default -> "done: " + r.step();
    });
    WorkflowDefinition d = WorkflowDefinition.builder("complex")
        .node(NodeDefinition.agentCall("classify", "classifier").arguments("$context.task")
            .expects(OutputKind.CLASSIFICATION).build())
        .node(agent("plan"))
        .node(NodeDefinition.agentCall("lint", "generic").onFailure(FailureMode.CONTINUE).build())
        .node(agent("test"))
        .node(condition("kind", "$classify.kind"))
        .node(agent("fix_bug")).node(agent("build_feature")).node(agent("tidy_chore"))
        .node(condition("passed", "$test.output contains \"PASS\" and not ($lint.output == \"clean\")"))
        .node(NodeDefinition.agentCall("report", "generic").arguments("$fix_bug.output", "$lint.output").build())
        .node(agent("celebrate")).node(agent("investigate"))
        .edge("classify", "plan").edge("plan", "lint").edge("plan", "test").edge("classify", "kind")
        .edge("kind", "fix_bug", "bug").edge("kind", "build_feature", "feature").edge("kind", "tidy_chore", "chore")
        .edge("lint", "passed").edge("test", "passed")
        .edge("fix_bug", "report").edge("build_feature", "report").edge("tidy_chore", "report").edge("passed", "report", "true")
        .edge("passed", "celebrate", "true").edge("passed", "investigate", "false")
        .build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
    StepHistory history = h.histories.find(done.id()).orElseThrow();
    assertEquals(12, history.size(), outcomes(history));
    for (String id : List.of("classify", "plan", "test", "kind", "fix_bug", "passed", "report", "celebrate")) {
      assertEquals(StepOutcome.SUCCEEDED, history.latest(id).orElseThrow().outcome(), id);
    }
    assertEquals(StepOutcome.FAILED, history.latest("lint").orElseThrow().outcome());
    for (String id : List.of("build_feature", "tidy_chore", "investigate")) {
      assertEquals(StepOutcome.SKIPPED, history.latest(id).orElseThrow().outcome(), id);
    }
    assertEquals("bug", history.latest("kind").orElseThrow().data().get("value"));
    assertEquals("true", history.latest("passed").orElseThrow().output());
    List<String> order = steps(history);
    assertTrue(order.indexOf("report") > order.indexOf("passed") && order.indexOf("report") > order.indexOf("fix_bug"));
  }

  @Test
  @DisplayName("condition branching: the branch not taken is recorded skipped, and so is what only it leads to")
  void conditionBranching() {
    Harness h = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> r.step().equals("tests") ? "3 FAILED" : "done");
    WorkflowDefinition d = WorkflowDefinition.builder("branch")
        .node(agent("tests"))
        .node(condition("green", "$tests.output contains \"PASS\""))
        .node(agent("ship")).node(agent("announce"))
        .node(agent("fix"))
        .node(agent("wrap_up"))
        .edge("tests", "green").edge("green", "ship", "true").edge("ship", "announce")
        .edge("green", "fix", "false").edge("announce", "wrap_up").edge("fix", "wrap_up").build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    StepHistory history = h.histories.find(done.id()).orElseThrow();
    assertEquals("tests=succeeded green=succeeded ship=skipped announce=skipped fix=succeeded wrap_up=succeeded",
        outcomes(history));
    assertEquals(List.of("tests", "fix", "wrap_up"), agent.steps());
    assertTrue(history.latest("ship").orElseThrow().errorMessage().contains("no edge into it was taken"));
  }

  @Test
  @DisplayName("retries wait initial delay x multiplier^n, capped, varied by the injected jitter; no real sleeping")
  void retriesWithBackoffAndJitter() {
    Harness h = new Harness(base);
    AtomicInteger calls = new AtomicInteger();
    FunctionAgent agent = new FunctionAgent(r -> calls.incrementAndGet() < 4 ? "FAIL: flaky network" : "finally");
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(5).initialInterval(Duration.ofSeconds(1))
        .backoffCoefficient(2.0).maximumInterval(Duration.ofSeconds(3)).jitter(0.5).build();
    WorkflowDefinition d = WorkflowDefinition.builder("retry")
        .node(NodeDefinition.agentCall("flaky", "generic").retry(retry).build()).build();
    WorkOrder done;
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(d).random(() -> 0.75).build()) {
      done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("retry").build());
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    // jitter factor 1 + 0.5 * (2 * 0.75 - 1) = 1.25; delays 1 s, 2 s, 3 s (capped from 4 s)
    assertEquals(List.of(Duration.ofMillis(1250), Duration.ofMillis(2500), Duration.ofMillis(3750)), h.sleeps);
    StepHistory history = h.histories.find(done.id()).orElseThrow();
    assertEquals(List.of(1, 2, 3, 4), history.results().stream().map(StepResult::attempt).toList());
    assertEquals("flaky=failed flaky=failed flaky=failed flaky=succeeded", outcomes(history));
  }

  @Test
  @DisplayName("an error marked non-retryable is not retried and fails the run at once")
  void nonRetryableNotRetried() {
    Harness h = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> "FAIL: invalid API key");
    RetryPolicy retry = RetryPolicy.builder().maximumAttempts(5).initialInterval(Duration.ofSeconds(1))
        .maximumInterval(Duration.ofSeconds(30)).doNotRetry(FailureCategory.AGENT_FAILED).build();
    WorkflowDefinition d = WorkflowDefinition.builder("fatal")
        .node(NodeDefinition.agentCall("call", "generic").retry(retry).build()).node(agent("after"))
        .edge("call", "after").build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertEquals(1, agent.requests().size());
    assertTrue(h.sleeps.isEmpty());
    assertTrue(done.errorMessage().contains("step 'call' failed") && done.errorMessage().contains("invalid API key"),
        done.errorMessage());
  }

  @Test
  @DisplayName("on_failure continue lets dependents run; on_failure fail stops new nodes and fails the run")
  void failureModes() {
    Harness h = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> r.step().startsWith("bad") ? "FAIL: broken" : "ok");
    WorkflowDefinition d = WorkflowDefinition.builder("modes")
        .node(NodeDefinition.agentCall("bad_soft", "generic").onFailure(FailureMode.CONTINUE).build())
        .node(agent("after_soft"))
        .node(agent("bad_hard"))
        .node(agent("never"))
        .edge("bad_soft", "after_soft").edge("after_soft", "bad_hard").edge("bad_hard", "never").build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertEquals(List.of("bad_soft", "after_soft", "bad_hard"), agent.steps());
    assertEquals("bad_soft=failed after_soft=succeeded bad_hard=failed", outcomes(h.histories.find(done.id()).orElseThrow()));
    assertTrue(done.errorMessage().startsWith("step 'bad_hard' failed"), done.errorMessage());
  }

  @Test
  @DisplayName("cost and tokens are summed over every node of a parallel run")
  void metricsSummed() {
    Harness h = new Harness(base);
    FunctionAgent agent = FunctionAgent.echo();
    WorkflowDefinition d = WorkflowDefinition.builder("sum").node(agent("a")).node(agent("b")).node(agent("c"))
        .node(agent("d")).edge("a", "b").edge("a", "c").edge("b", "d").edge("c", "d").build();
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(d).build()) {
      WorkOrder done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("sum").build());
      WorkOrderMetrics m = o.metrics(done.id());
      assertEquals(0, new BigDecimal("0.04").compareTo(m.costUsd()));
      assertEquals(400, m.tokenUsage().inputTokens());
      assertEquals(4, m.stepDurations().size());
    }
  }
}
