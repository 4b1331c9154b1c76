package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    replay(resourceOrJson, resource, dev.awo.core.workflow.DefaultWorkflow.definition());
  }

  private void replay(String resourceOrJson, boolean resource, WorkflowDefinition defaultWorkflow) throws Exception {
    WorkflowExecutionHistory history = resource
        ? WorkflowExecutionHistory.fromJson(new String(ReplayTest.class.getResourceAsStream("/" + resourceOrJson)
            .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
        : WorkflowExecutionHistory.fromJson(resourceOrJson);
    replay(base, history, defaultWorkflow, DagOnTemporalTest.review(), RecordedHistories.retried(),
        RecordedHistories.exhaustedByTemporal());
  }

  /**
   * Replays {@code history} on a worker registering the workflow over these definitions; throws
   * when the workflow code does not make the same decisions (non-determinism).
   */
  static void replay(Path base, WorkflowExecutionHistory history, WorkflowDefinition... definitions) throws Exception {
    Harness host = new Harness(base);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay", TemporalHarness.WORKER_OPTIONS);
      dev.awo.core.WorkflowOrchestratorBuilder builder = host.builder().commandTemplates(new AnyTemplates());
      for (WorkflowDefinition definition : definitions) {
        builder.workflow(definition);
      }
      Map<String, dev.awo.core.workflow.CompiledWorkflow> workflows = builder.engineParts(Runnable::run).workflows();
      worker.registerWorkflowImplementationFactory(AwoWorkflow.class,
          () -> new AwoWorkflowImpl(workflows, TemporalHarness.OPTIONS));
      WorkflowReplayer.replayWorkflowExecution(history, worker);
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
  @DisplayName("the committed history of a node retried in workflow code (backoff with jitter on durable timers) replays")
  void committedRetry() throws Exception {
    replay("histories/retry.json", true);
  }

  @Test
  @DisplayName("a history from before the workflow drove retries (Temporal retried a node to exhaustion) replays on the old path")
  void committedRetriesByTemporal() throws Exception {
    replay("histories/retries-by-temporal.json", true);
  }

  @Test
  @DisplayName("histories recorded now from the three workflows replay")
  void freshHistories() throws Exception {
    for (String json : RecordedHistories.record(base.resolve("fresh")).values()) {
      replay(json, false);
    }
  }

  @Test
  @DisplayName("the check can fail: the default history replayed over a changed definition (its last step dropped) is refused")
  void changedDefinitionIsRefused() {
    List<NodeDefinition> nodes = new ArrayList<>(dev.awo.core.workflow.DefaultWorkflow.definition().nodes());
    nodes.remove(nodes.size() - 1);
    WorkflowDefinition.Builder swapped = WorkflowDefinition.builder(dev.awo.core.workflow.DefaultWorkflow.NAME);
    nodes.forEach(swapped::node);
    for (int i = 1; i < nodes.size(); i++) {
      swapped.edge(nodes.get(i - 1).id(), nodes.get(i).id());
    }
    Exception refused = assertThrows(Exception.class, () -> replay("histories/default.json", true, swapped.build()));
    StringBuilder chain = new StringBuilder();
    for (Throwable t = refused; t != null; t = t.getCause()) {
      chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    assertTrue(chain.toString().contains("NonDeterministic") || chain.toString().contains("[TMPRL1100]"), chain.toString());
  }

  static {
    WorkflowOrchestrator.class.getName(); // awo-core on the class path, as on every worker
  }
}
