package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.SaveFailurePolicy;
import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.GateAlreadyDecidedException;
import dev.awo.core.UnknownGateException;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.workflow.FailureCategory;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DAGs on Temporal: retries in virtual time, gates on signals, conditions, duplicate submits")
@Timeout(120)
class DagOnTemporalTest {
  @TempDir Path base;

  static NodeDefinition agent(String id) {
    return NodeDefinition.agentCall(id, "generic").arguments("$context.task").build();
  }

  /** A review DAG: a condition on the first step's answer, a gate on one branch. */
  static WorkflowDefinition review() {
    return WorkflowDefinition.builder("review")
        .node(agent("check"))
        .node(NodeDefinition.condition("green", "$check.output contains \"PASS\""))
        .node(NodeDefinition.humanGate("approve").message("Ship $check.output?").build())
        .node(agent("ship"))
        .node(agent("fix"))
        .edge("check", "green").edge("green", "approve", "true").edge("green", "fix", "false")
        .edge("approve", "ship")
        .build();
  }

  @Test
  @DisplayName("a node failing twice is retried with 10-minute backoff in virtual time and then succeeds")
  void retriesInVirtualTime() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    FunctionAgent agent = new FunctionAgent(r -> calls.incrementAndGet() <= 2 ? "FAIL: flaky" : "ok");
    WorkflowDefinition flaky = WorkflowDefinition.builder("flaky")
        .node(NodeDefinition.agentCall("a", "generic").arguments("$context.task")
            .retry(RetryPolicy.builder().maximumAttempts(3).initialInterval(Duration.ofMinutes(10))
                .backoffCoefficient(2).maximumInterval(Duration.ofHours(1)).build()).build())
        .build();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(flaky))) {
      long started = System.nanoTime();
      WorkOrderId id = t.orders.submit(TemporalHarness.request("flaky"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      List<StepResult> results = t.orders.stepHistory(id).results();
      assertEquals(List.of(1, 2, 3), results.stream().map(StepResult::attempt).toList());
      assertEquals(List.of(StepOutcome.FAILED, StepOutcome.FAILED, StepOutcome.SUCCEEDED),
          results.stream().map(StepResult::outcome).toList());
      assertTrue(TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started) < 30,
          "30 minutes of backoff must pass in virtual time");
    }
  }

  @Test
  @DisplayName("a failure the node's policy does not retry (agent_failed) is one saved attempt, not three")
  void nonRetryableIsNotRetried() throws Exception {
    FunctionAgent agent = new FunctionAgent(r -> "FAIL: invalid api key");
    WorkflowDefinition strict = WorkflowDefinition.builder("strict")
        .node(NodeDefinition.agentCall("a", "generic").arguments("$context.task")
            .retry(RetryPolicy.builder().maximumAttempts(3).initialInterval(Duration.ofMinutes(1))
                .doNotRetry(FailureCategory.AGENT_FAILED).build()).build())
        .build();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(strict))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("strict"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("invalid api key"), done.errorMessage());
      assertEquals(1, t.orders.stepHistory(id).size());
      assertEquals(1, agent.requests().size());
    }
  }

  @Test
  @DisplayName("an agent that throws an Error (not an exception) fails its work order instead of hanging it")
  void agentErrorFailsTheWorkOrder() throws Exception {
    WorkflowDefinition one = WorkflowDefinition.builder("one").node(agent("a")).build();
    try (TemporalHarness t = new TemporalHarness(base, b -> b.commandTemplates(new AnyTemplates()).workflow(one)
        .agentExecutor((request, events) -> {
          throw new AssertionError("broken agent");
        }))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("one"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("broken agent"), done.errorMessage());
    }
  }

  @Test
  @DisplayName("under FAIL_WORK_ORDER a save that fails for good stops the run: failed, naming the step, nothing after it")
  void saveFailureStopsTheRun() throws Exception {
    FunctionAgent agent = FunctionAgent.echo();
    WorkflowDefinition two = WorkflowDefinition.builder("two").node(agent("a")).node(agent("b")).edge("a", "b").build();
    try (TemporalHarness t = new TemporalHarness(base, b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(two).saveFailurePolicy(SaveFailurePolicy.FAIL_WORK_ORDER)
        .saveRetryPolicy(SaveRetryPolicy.builder().maximumAttempts(2).initialInterval(Duration.ofMillis(1)).build()))) {
      t.host.histories.failWhen(call -> true);
      WorkOrderId id = t.orders.submit(TemporalHarness.request("two"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("could not be saved after step 'a'"), done.errorMessage());
      assertEquals(List.of("a"), agent.steps());
    }
  }

  @Test
  @DisplayName("a gate waits (status waiting, gate listed), is approved by signal, and the run continues")
  void gateApprovedBySignal() throws Exception {
    FunctionAgent agent = new FunctionAgent(r -> r.step().equals("check") ? "PASS" : "done: " + r.step());
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(review()))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("review"));
      Map<String, String> gates = awaitGates(t, id);
      assertEquals(Map.of("approve", "Ship PASS?"), gates);
      assertEquals(WorkOrderStatus.WAITING, t.orders.workOrder(id).orElseThrow().status());
      // the same refusal as the embedded engine's: "ship" is no human gate of the workflow
      UnknownGateException wrong = assertThrows(UnknownGateException.class, () -> t.orders.approve(id, "ship"));
      assertTrue(wrong.getMessage().contains("approve"), wrong.getMessage());

      t.env.getWorkflowClient().newWorkflowStub(AwoWorkflow.class, id.value())
          .decide(new AwoWorkflow.GateDecision("approve", true, null)); // the signal itself
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      StepHistory history = t.orders.stepHistory(id);
      assertEquals(List.of("check", "green", "fix", "approve", "ship"),
          history.results().stream().map(StepResult::step).toList());
      assertEquals("approved", history.latest("approve").orElseThrow().data().get("decision"));
      assertEquals(StepOutcome.SKIPPED, history.latest("fix").orElseThrow().outcome());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), t.host.histories.saved(id).stream().map(StepHistory::version).toList());
      assertEquals(List.of("check", "ship"), agent.steps());
    }
  }

  @Test
  @DisplayName("reject (an update) returns once the rejection is saved; the work order fails naming the gate and the reason")
  void gateRejected() throws Exception {
    FunctionAgent agent = new FunctionAgent(r -> "PASS");
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(review()))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("review"));
      awaitGates(t, id);
      t.orders.reject(id, "approve", "needs tests");
      assertEquals("rejected", t.orders.stepHistory(id).latest("approve").orElseThrow().data().get("decision"),
          "saved before reject returned");
      GateAlreadyDecidedException again = assertThrows(GateAlreadyDecidedException.class,
          () -> t.orders.approve(id, "approve"), "decided already");
      assertEquals("rejected", again.decision());
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("'approve'") && done.errorMessage().contains("needs tests"),
          done.errorMessage());
      assertFalse(t.orders.stepHistory(id).latest("ship").isPresent());
    }
  }

  @Test
  @DisplayName("cancelling a work order parked at a gate ends it cancelled and saves the gate as cancelled while waiting")
  void cancelAtAGate() throws Exception {
    FunctionAgent agent = new FunctionAgent(r -> "PASS");
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(review()))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("review"));
      awaitGates(t, id);
      assertTrue(t.orders.cancel(id));
      WorkOrder done = t.orders.completion(id).get(30, TimeUnit.SECONDS);

      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      StepResult gate = t.orders.stepHistory(id).latest("approve").orElseThrow();
      assertEquals(StepOutcome.CANCELLED, gate.outcome());
      assertTrue(gate.errorMessage().contains("waiting for a decision"), gate.errorMessage());
      assertEquals(Map.of(), t.orders.waitingGates(id));
      assertTrue(t.host.sandboxes.cleanedUp(id));
    }
  }

  @Test
  @DisplayName("a fan-out runs its branches in parallel, at most maxParallelNodes at once; saves stay serial, versions 1..5")
  void parallelBranches() throws Exception {
    java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(2);
    FunctionAgent agent = new FunctionAgent(r -> {
      if (r.step().startsWith("b")) {
        together.countDown();
        try {
          if (!together.await(20, TimeUnit.SECONDS)) {
            return "FAIL: the first two branches never ran at the same time";
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return "done: " + r.step();
    });
    WorkflowDefinition fan = WorkflowDefinition.builder("fan").node(agent("start")).node(agent("b1")).node(agent("b2"))
        .node(agent("b3")).node(agent("end")).edge("start", "b1").edge("start", "b2").edge("start", "b3")
        .edge("b1", "end").edge("b2", "end").edge("b3", "end").build();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(fan).maxParallelNodes(2))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("fan"));
      WorkOrder done = t.await(id);

      assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), t.host.histories.saved(id).stream().map(StepHistory::version).toList());
      StepHistory history = t.orders.stepHistory(id);
      assertEquals("start", history.results().get(0).step());
      assertEquals("end", history.results().get(4).step());
      assertTrue(agent.maxConcurrent() <= 2, "never three branches at once: " + agent.maxConcurrent());
    }
  }

  @Test
  @DisplayName("a second submit with the same idempotency key starts nothing and answers the same id")
  void duplicateSubmitStartsNothing() throws Exception {
    FunctionAgent agent = FunctionAgent.echo();
    WorkflowDefinition one = WorkflowDefinition.builder("one").node(agent("a")).build();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(one))) {
      WorkOrderId first = t.orders.submit(TemporalHarness.request("one"), "ticket-4711");
      t.await(first);
      WorkOrderId second = t.orders.submit(TemporalHarness.request("one"), "ticket-4711");

      assertEquals(first, second);
      assertEquals(TemporalWorkOrders.idFor("ticket-4711"), first);
      assertEquals(1, agent.requests().size());
      assertEquals(1, t.orders.workOrders().size());
      assertEquals(1, t.orders.stepHistory(first).size());
    }
  }

  static Map<String, String> awaitGates(TemporalHarness t, WorkOrderId id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Map<String, String> gates = t.orders.waitingGates(id);
      if (!gates.isEmpty() && t.orders.workOrder(id).orElseThrow().status() == WorkOrderStatus.WAITING) {
        return gates;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the gate never opened");
  }
}
