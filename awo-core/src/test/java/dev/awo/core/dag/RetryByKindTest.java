package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.FailureCategory;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.OutputKind;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("What is retried is decided by the kind of failure, never by its message")
class RetryByKindTest {
  @TempDir Path base;

  private static final RetryPolicy THREE = RetryPolicy.builder().maximumAttempts(3)
      .initialInterval(Duration.ofSeconds(1)).build();

  private WorkOrder run(Harness h, FunctionAgent agent, WorkflowDefinition d) {
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(d)
        .pullRequestOpener(spec -> {
          throw new IllegalStateException("GitHub refused: invalid API key");
        }).build()) {
      return o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow(d.name()).build());
    }
  }

  @Test
  @DisplayName("a non-retryable category stops at the first attempt; other categories are still retried")
  void byCategory() {
    Harness h = new Harness(base);
    AtomicInteger calls = new AtomicInteger();
    // the classifier first answers something that is no classification (output_rejected), then fails (agent_failed)
    FunctionAgent agent = new FunctionAgent(r -> calls.incrementAndGet() == 1 ? "no idea" : "FAIL: invalid API key");
    RetryPolicy retry = THREE.toBuilder().doNotRetry(FailureCategory.AGENT_FAILED).build();
    WorkflowDefinition d = WorkflowDefinition.builder("kinds")
        .node(NodeDefinition.agentCall("classify", "classifier").expects(OutputKind.CLASSIFICATION).retry(retry).build())
        .build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertEquals(2, agent.requests().size(), "output_rejected was retried once, agent_failed not again");
    assertEquals(List.of(Duration.ofSeconds(1)), h.sleeps);
    assertEquals("classify=failed classify=failed", outcomes(h.histories.find(done.id()).orElseThrow()));
  }

  @Test
  @DisplayName("a message that merely mentions a phrase does not make a failure non-retryable")
  void notByMessage() {
    Harness h = new Harness(base);
    AtomicInteger calls = new AtomicInteger();
    FunctionAgent agent = new FunctionAgent(r -> calls.incrementAndGet() < 3 ? "FAIL: invalid API key" : "done");
    RetryPolicy retry = THREE.toBuilder().doNotRetry(FailureCategory.OUTPUT_REJECTED).build();
    WorkflowDefinition d = WorkflowDefinition.builder("flaky")
        .node(NodeDefinition.agentCall("call", "generic").retry(retry).build()).build();
    WorkOrder done = run(h, agent, d);
    assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
    assertEquals(3, agent.requests().size());
  }

  @Test
  @DisplayName("a tool failing with an exception of a non-retryable type (or a subtype) is not retried")
  void byType() {
    Harness h = new Harness(base);
    RetryPolicy retry = THREE.toBuilder().doNotRetry(RuntimeException.class).build();
    WorkflowDefinition d = WorkflowDefinition.builder("pr")
        .node(NodeDefinition.toolCall("pr", "open_pr").input("title", "t").retry(retry).build()).build();
    WorkOrder done = run(h, FunctionAgent.echo(), d);
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertEquals("pr=failed", outcomes(h.histories.find(done.id()).orElseThrow()));
    assertTrue(h.sleeps.isEmpty());

    Harness again = new Harness(base.resolve("again"));
    WorkflowDefinition withRetry = WorkflowDefinition.builder("pr")
        .node(NodeDefinition.toolCall("pr", "open_pr").input("title", "t")
            .retry(THREE.toBuilder().doNotRetry(java.io.IOException.class).build()).build()).build();
    WorkOrder other = run(again, FunctionAgent.echo(), withRetry);
    assertEquals("pr=failed pr=failed pr=failed", outcomes(again.histories.find(other.id()).orElseThrow()),
        "an IllegalStateException is no IOException: retried");
  }
}
