package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cancelling a running workflow kills its real agent processes")
class CancellationTest {
  @TempDir Path base;

  /** An agent that runs `sleep` through the shared ProcessRunner, like a real CLI adapter. */
  static final class SleepingAgent implements AgentExecutor {
    final String seconds;

    SleepingAgent(String seconds) {
      this.seconds = seconds;
    }

    @Override
    public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
      if (request.step().equals("a")) {
        return AgentOutcome.succeeded("ok", null, Duration.ZERO);
      }
      ProcessResult result = ProcessRunner.create().run(ProcessSpec.builder("sleep", seconds)
          .directory(request.workingDirectory()).timeout(Duration.ofMinutes(10)).killGrace(Duration.ofSeconds(2)).build());
      return result.succeeded() ? AgentOutcome.succeeded("slept", null, result.duration())
          : AgentOutcome.failed("sleep " + result.describe(), result.duration());
    }
  }

  private static List<ProcessHandle> sleeps(String seconds) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().orElse("").endsWith("sleep")
            && List.of(p.info().arguments().orElse(new String[0])).contains(seconds))
        .toList();
  }

  @Test
  @DisplayName("two parallel nodes each running `sleep 300`: cancel kills both processes, records both cancelled, ends cancelled")
  @Timeout(90)
  void cancelKillsParallelChildProcesses() throws Exception {
    String seconds = "300." + ProcessHandle.current().pid() % 1000; // a marker only this test uses
    Harness h = new Harness(base);
    WorkflowDefinition d = WorkflowDefinition.builder("sleepy").node(agent("a")).node(agent("b")).node(agent("c"))
        .node(agent("d")).edge("a", "b").edge("a", "c").edge("b", "d").edge("c", "d").build();
    try (WorkflowOrchestrator o = Dags.builder(h, new SleepingAgent(seconds)).workflow(d).build()) {
      WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("sleepy").build());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<ProcessHandle> children = sleeps(seconds);
      while (children.size() < 2) {
        assertTrue(System.nanoTime() < deadline, "the two sleep processes never started");
        Thread.sleep(10);
        children = sleeps(seconds);
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
    assertTrue(sleeps(seconds).isEmpty());
  }
}
