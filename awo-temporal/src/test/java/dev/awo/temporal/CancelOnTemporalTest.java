package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.SleepingAgent;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cancelling a work order on Temporal reaches the running activity and kills the agent's process")
class CancelOnTemporalTest {
  @TempDir Path base;

  @Test
  @DisplayName("an agent running `sleep 300` through ProcessRunner: cancel kills it, the step is saved cancelled, the work order ends cancelled")
  @Timeout(90)
  void cancelKillsTheChildProcess() throws Exception {
    String seconds = "300." + ProcessHandle.current().pid() % 1000; // a marker only this test uses
    WorkflowDefinition sleepy = WorkflowDefinition.builder("sleepy")
        .node(NodeDefinition.agentCall("nap", "generic").arguments("$context.task").build()).build();
    try (TemporalHarness t = new TemporalHarness(base, b -> b.commandTemplates(new AnyTemplates()).workflow(sleepy)
        .agentExecutor(new SleepingAgent(seconds, java.util.Set.of())))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("sleepy"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<ProcessHandle> children = SleepingAgent.sleeps(seconds);
      while (children.isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the sleep process never started");
        Thread.sleep(10);
        children = SleepingAgent.sleeps(seconds);
      }
      assertTrue(t.orders.cancel(id));
      WorkOrder done = t.orders.completion(id).get(60, TimeUnit.SECONDS);

      for (ProcessHandle child : children) {
        child.onExit().get(20, TimeUnit.SECONDS);
        assertFalse(child.isAlive(), "sleep process " + child.pid() + " must be killed");
      }
      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      assertEquals(StepOutcome.CANCELLED, t.orders.stepHistory(id).latest("nap").orElseThrow().outcome());
      assertFalse(t.orders.cancel(id), "an ended work order cannot be cancelled again");
    }
  }

  @Test
  @DisplayName("a work order cancelled at once, before its first step, ends cancelled with no step run")
  @Timeout(60)
  void cancelAtOnce() throws Exception {
    dev.awo.core.fixtures.FunctionAgent agent = dev.awo.core.fixtures.FunctionAgent.echo();
    WorkflowDefinition one = WorkflowDefinition.builder("one")
        .node(NodeDefinition.agentCall("a", "generic").arguments("$context.task").build()).build();
    try (TemporalHarness t = new TemporalHarness(base,
        b -> b.commandTemplates(new AnyTemplates()).workflow(one).agentExecutor(agent), false)) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("one"));
      assertTrue(t.orders.cancel(id)); // no worker polls yet
      t.env.start();
      WorkOrder done = t.orders.completion(id).get(30, TimeUnit.SECONDS);

      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      assertTrue(t.orders.stepHistory(id).isEmpty());
      assertEquals(0, agent.requests().size());
    }
  }
}
