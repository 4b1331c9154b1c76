package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.SleepingAgent;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
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

@DisplayName("Cancelling a running workflow kills its real agent processes")
class CancellationTest {
  @TempDir Path base;

  @Test
  @DisplayName("two parallel nodes each running `sleep 300`: cancel kills both processes, records both cancelled, ends cancelled")
  @Timeout(90)
  void cancelKillsParallelChildProcesses() throws Exception {
    String seconds = "300." + ProcessHandle.current().pid() % 1000; // a marker only this test uses
    Harness h = new Harness(base);
    WorkflowDefinition d = WorkflowDefinition.builder("sleepy").node(agent("a")).node(agent("b")).node(agent("c"))
        .node(agent("d")).edge("a", "b").edge("a", "c").edge("b", "d").edge("c", "d").build();
    try (WorkflowOrchestrator o = Dags.builder(h, new SleepingAgent(seconds, java.util.Set.of("a"))).workflow(d).build()) {
      WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("sleepy").build());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<ProcessHandle> children = SleepingAgent.sleeps(seconds);
      while (children.size() < 2) {
        assertTrue(System.nanoTime() < deadline, "the two sleep processes never started");
        Thread.sleep(10);
        children = SleepingAgent.sleeps(seconds);
      }
      assertTrue(o.cancel(id));
      WorkOrder done = Dags.awaitTerminal(o, id);
      for (ProcessHandle child : children) {
        child.onExit().get(20, TimeUnit.SECONDS);
        assertFalse(child.isAlive(), "sleep process " + child.pid() + " must be killed");
      }
      assertEquals(WorkOrderStatus.CANCELLED, done.status());
      StepHistory history = o.stepHistory(id);
      assertEquals(StepOutcome.CANCELLED, history.latest("b").orElseThrow().outcome());
      assertEquals(StepOutcome.CANCELLED, history.latest("c").orElseThrow().outcome());
      assertTrue(history.latest("d").isEmpty(), "a node that never started has no result");
      assertEquals(3, history.version());
      assertTrue(h.sandboxes.cleanedUp(id));
    }
    assertTrue(SleepingAgent.sleeps(seconds).isEmpty());
  }
}
