package dev.awo.temporal;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.Harness;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The workflow code is deterministic: recorded histories replay without non-determinism errors")
@Timeout(120)
class ReplayTest {
  @TempDir Path base;

  /** Replays {@code history} on a worker registering the workflow over the same definitions. */
  private void replay(String resourceOrJson, boolean resource) throws Exception {
    Harness host = new Harness(base);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay", TemporalHarness.WORKER_OPTIONS);
      Map<String, dev.awo.core.workflow.CompiledWorkflow> workflows = host.builder()
          .commandTemplates(new AnyTemplates()).workflow(dev.awo.core.workflow.DefaultWorkflow.definition())
          .workflow(DagOnTemporalTest.review()).engineParts(Runnable::run).workflows();
      worker.registerWorkflowImplementationFactory(AwoWorkflow.class,
          () -> new AwoWorkflowImpl(workflows, TemporalHarness.OPTIONS));
      if (resource) {
        WorkflowReplayer.replayWorkflowExecutionFromResource(resourceOrJson, worker);
      } else {
        WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(resourceOrJson), worker);
      }
    }
  }

  @Test
  @DisplayName("the committed history of the default workflow replays")
  void committedDefault() throws Exception {
    replay("histories/default.json", true);
  }

  @Test
  @DisplayName("the committed history of a DAG with a condition and a gate approved by signal replays")
  void committedReview() throws Exception {
    replay("histories/review.json", true);
  }

  @Test
  @DisplayName("histories recorded now from both workflows replay")
  void freshHistories() throws Exception {
    for (String json : RecordedHistories.record(base.resolve("fresh")).values()) {
      replay(json, false);
    }
  }

  static {
    WorkflowOrchestrator.class.getName(); // awo-core on the class path, as on every worker
  }
}
