package dev.awo.core.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.EdgeDefinition;
import dev.awo.core.workflow.FailureMode;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.AgentCall;
import dev.awo.core.workflow.Condition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 random DAGs (agent nodes with scripted outcomes, conditions, both failure modes, retries)
 * run concurrently while pollers read; each history is checked against an independent model of
 * the semantics.
 */
@DisplayName("200 random DAGs with random outcomes, read while they run")
class RandomDagTest {
  @TempDir Path base;

  /** What an agent node does, written into its argument so the agent and the model agree. */
  private static String behaviour(Random random) {
    int roll = random.nextInt(10);
    String output = random.nextBoolean() ? "yes" : "no";
    return roll < 6 ? "ok-" + output : roll < 8 ? "flaky-" + output : "fail-" + output;
  }

  private static WorkflowDefinition randomDag(int index, Random random) {
    int n = 3 + random.nextInt(10);
    WorkflowDefinition.Builder b = WorkflowDefinition.builder("rand-" + index);
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      String id = "n" + j;
      List<Integer> preds = new ArrayList<>();
      if (j > 0) {
        preds.add(random.nextInt(j));
        for (int i = 0; i < j; i++) {
          if (!preds.contains(i) && random.nextInt(4) == 0) {
            preds.add(i);
          }
        }
      }
      boolean asCondition = j > 0 && random.nextInt(4) == 0 && nodes.get(preds.get(0)).type() == NodeType.AGENT_CALL;
      NodeDefinition node;
      if (asCondition) {
        node = NodeDefinition.condition(id, "$n" + preds.get(0) + ".output contains \"yes\"");
      } else {
        node = NodeDefinition.agentCall(id, "generic").arguments(behaviour(random))
            .retry(RetryPolicy.builder().maximumAttempts(2).initialInterval(Duration.ofMillis(10))
                .backoffCoefficient(2.0).maximumInterval(Duration.ofMillis(100)).jitter(0.1).build())
            .onFailure(random.nextBoolean() ? FailureMode.CONTINUE : FailureMode.FAIL).build();
      }
      nodes.add(node);
      for (int p : preds) {
        NodeDefinition from = nodes.get(p);
        edges.add(new EdgeDefinition("n" + p, id,
            from.type() == NodeType.CONDITION ? Boolean.toString(random.nextBoolean()) : null));
      }
    }
    nodes.forEach(b::node);
    edges.forEach(e -> b.edge(e.from(), e.to(), e.when()));
    return b.build();
  }

  private static String answer(String prompt, int attempt) {
    String spec = prompt.substring(prompt.indexOf(": ") + 2).strip();
    String output = spec.endsWith("yes") ? "yes" : "no";
    if (spec.startsWith("fail") || (spec.startsWith("flaky") && attempt == 1)) {
      return "FAIL: scripted " + spec;
    }
    return output;
  }

  /** The expected final outcome of each node when nothing failed the run, from the definition alone. */
  private static Map<String, StepOutcome> model(WorkflowDefinition d) {
    Map<String, StepOutcome> outcome = new HashMap<>();
    Map<String, String> output = new HashMap<>();
    for (NodeDefinition node : d.nodes()) {
      List<EdgeDefinition> in = d.edges().stream().filter(e -> e.to().equals(node.id())).toList();
      boolean runs = in.isEmpty() || in.stream().anyMatch(e -> {
        StepOutcome from = outcome.get(e.from());
        NodeDefinition source = d.nodes().stream().filter(x -> x.id().equals(e.from())).findFirst().orElseThrow();
        if (source.type() == NodeType.CONDITION) {
          return from == StepOutcome.SUCCEEDED && e.when().equals(output.get(e.from()));
        }
        return from == StepOutcome.SUCCEEDED || from == StepOutcome.FAILED;
      });
      if (!runs) {
        outcome.put(node.id(), StepOutcome.SKIPPED);
        output.put(node.id(), "");
      } else if (node.type() == NodeType.CONDITION) {
        String expression = ((Condition) node).expression().toString();
        String ref = expression.substring(1, expression.indexOf('.'));
        outcome.put(node.id(), StepOutcome.SUCCEEDED);
        output.put(node.id(), Boolean.toString(output.getOrDefault(ref, "").contains("yes")));
      } else {
        String spec = ((AgentCall) node).arguments().get(0).text();
        boolean fails = spec.startsWith("fail");
        outcome.put(node.id(), fails ? StepOutcome.FAILED : StepOutcome.SUCCEEDED);
        output.put(node.id(), fails ? "" : spec.endsWith("yes") ? "yes" : "no");
      }
    }
    return outcome;
  }

  @Test
  @Timeout(180)
  @DisplayName("every history is complete and consistent with the DAG, and every version rises by exactly one")
  void randomDags() throws Exception {
    Random random = new Random(20260301L);
    Harness h = new Harness(base);
    Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    FunctionAgent agent = new FunctionAgent(r -> answer(r.prompt(),
        attempts.merge(r.workOrderId() + "/" + r.step(), 1, Integer::sum)));
    List<WorkflowDefinition> dags = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      dags.add(randomDag(i, random));
    }
    WorkflowOrchestratorBuilder builder = Dags.builder(h, agent).maxConcurrentWorkOrders(4).maxParallelNodes(3);
    dags.forEach(builder::workflow);
    ExecutorService pollers = Executors.newFixedThreadPool(3);
    AtomicBoolean polling = new AtomicBoolean(true);
    try (WorkflowOrchestrator o = builder.build()) {
      List<WorkOrderId> ids = new ArrayList<>();
      for (WorkflowDefinition d : dags) {
        ids.add(o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow(d.name()).build()));
      }
      List<Future<String>> seen = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        seen.add(pollers.submit(() -> {
          Map<WorkOrderId, Long> last = new HashMap<>();
          while (polling.get()) {
            for (WorkOrderId id : ids) {
              StepHistory s = o.stepHistory(id);
              if (s.version() < last.getOrDefault(id, 0L) || s.size() != s.version()) {
                return id + " regressed or was torn at version " + s.version();
              }
              last.put(id, s.version());
            }
          }
          return null;
        }));
      }
      int completed = 0;
      for (int i = 0; i < ids.size(); i++) {
        WorkOrder done = Dags.awaitTerminal(o, ids.get(i));
        WorkflowDefinition d = dags.get(i);
        StepHistory history = o.stepHistory(done.id());
        String where = d.name() + " " + done.status() + " " + Dags.outcomes(history) + " " + d.edges();
        List<StepHistory> saved = h.histories.saved(done.id());
        for (int k = 0; k < saved.size(); k++) {
          assertEquals(k + 1, saved.get(k).version(), where);
        }
        assertEquals(history.version(), saved.size(), where);
        checkOrder(d, history, where);
        Map<String, StepOutcome> expected = model(d);
        if (done.status() == WorkOrderStatus.COMPLETED) {
          completed++;
          for (NodeDefinition node : d.nodes()) {
            StepResult last = history.latest(node.id()).orElse(null);
            assertTrue(last != null, node.id() + " has no result in " + where);
            assertEquals(expected.get(node.id()), last.outcome(), node.id() + " in " + where);
          }
          assertNull(done.errorMessage());
        } else {
          assertEquals(WorkOrderStatus.FAILED, done.status(), where);
          String failed = done.errorMessage().replaceAll("^step '([a-z0-9_]+)'.*$", "$1").lines().findFirst().orElse("");
          NodeDefinition culprit = d.nodes().stream().filter(x -> x.id().equals(failed)).findFirst().orElseThrow();
          assertEquals(FailureMode.FAIL, culprit.onFailure(), where);
          assertEquals(StepOutcome.FAILED, history.latest(failed).orElseThrow().outcome(), where);
        }
      }
      polling.set(false);
      for (Future<String> f : seen) {
        assertNull(f.get(30, TimeUnit.SECONDS));
      }
      assertTrue(completed > 20 && completed < 180, "both endings are exercised: " + completed + " completed");
    } finally {
      polling.set(false);
      pollers.shutdownNow();
    }
  }

  /** Every node's results come after the final results of all the nodes it depends on. */
  private static void checkOrder(WorkflowDefinition d, StepHistory history, String where) {
    List<StepResult> results = history.results();
    for (int k = 0; k < results.size(); k++) {
      String step = results.get(k).step();
      for (EdgeDefinition e : d.edges()) {
        if (e.to().equals(step)) {
          int predFinal = -1;
          for (int m = 0; m < k; m++) {
            if (results.get(m).step().equals(e.from())) {
              predFinal = m;
            }
          }
          assertTrue(predFinal >= 0, step + " ran before " + e.from() + " finished, in " + where);
        }
      }
    }
  }
}
