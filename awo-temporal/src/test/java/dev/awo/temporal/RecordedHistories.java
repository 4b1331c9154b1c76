package dev.awo.temporal;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrderId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the workflows whose Temporal histories the replay test keeps as resources: the default
 * seven steps, the review DAG (a condition, a gate approved by signal), and a node retried by the
 * workflow (two failures, waits with jitter on durable timers). Regenerate the
 * committed files after a deliberate, versioned change of the workflow code with
 * {@code java -cp <awo-temporal test classpath> dev.awo.temporal.RecordedHistories awo-temporal/src/test/resources/histories}.
 */
final class RecordedHistories {
  static final String DEFAULT = "default";
  static final String REVIEW = "review";
  static final String RETRY = "retry";

  private RecordedHistories() {}

  /** The JSON history of one run of each workflow, by name. */
  static Map<String, String> record(Path base) throws Exception {
    String defaultHistory;
    try (TemporalHarness t = new TemporalHarness(base.resolve("d"), b -> b)) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(id);
      defaultHistory = t.env.getWorkflowClient().fetchHistory(id.value()).toJson(true);
    }
    String reviewHistory;
    FunctionAgent agent = new FunctionAgent(r -> r.step().equals("check") ? "PASS" : "done: " + r.step());
    try (TemporalHarness t = new TemporalHarness(base.resolve("r"),
        b -> b.agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(DagOnTemporalTest.review()))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request(REVIEW));
      DagOnTemporalTest.awaitGates(t, id);
      t.orders.approve(id, "approve");
      t.await(id);
      reviewHistory = t.env.getWorkflowClient().fetchHistory(id.value()).toJson(true);
    }
    String retryHistory;
    try (TemporalHarness t = new TemporalHarness(base.resolve("retry"), b -> b.agentExecutor(
        RetryOnTemporalTest.failingFirst(2)).commandTemplates(new AnyTemplates()).workflow(retried()))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request(RETRY));
      t.await(id);
      retryHistory = t.env.getWorkflowClient().fetchHistory(id.value()).toJson(true);
    }
    return Map.of(DEFAULT, defaultHistory, REVIEW, reviewHistory, RETRY, retryHistory);
  }

  /**
   * The workflow of {@code histories/retries-by-temporal.json}, recorded at 1ff456b, before the
   * workflow drove retries ({@link AwoWorkflowImpl#RETRY_IN_WORKFLOW} absent): one node that always
   * fails, two attempts one minute apart, retried by Temporal's RetryOptions. Not re-recordable: the
   * current code records a timer instead.
   */
  static WorkflowDefinition exhaustedByTemporal() {
    return RetryOnTemporalTest.oneNode("exhausted", RetryPolicy.builder().maximumAttempts(2)
        .initialInterval(Duration.ofMinutes(1)).build());
  }

  /** One node retried twice by the workflow: backoff from 10 minutes, coefficient 2, jitter 0.3. */
  static WorkflowDefinition retried() {
    return RetryOnTemporalTest.oneNode(RETRY, RetryPolicy.builder().maximumAttempts(3)
        .initialInterval(Duration.ofMinutes(10)).backoffCoefficient(2).jitter(0.3).build());
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path scratch = Files.createTempDirectory("awo-histories");
    for (Map.Entry<String, String> e : record(scratch).entrySet()) {
      Files.writeString(out.resolve(e.getKey() + ".json"), e.getValue());
    }
    TimeUnit.MILLISECONDS.sleep(10);
  }
}
