package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.github.GitHubException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The orchestrator's queries and optional ports")
class OrchestratorQueriesTest {
  @TempDir Path base;

  @Test
  @DisplayName("workflowNames lists the default and the added workflows, sorted")
  void workflowNames() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = h.builder().commandTemplates(new dev.awo.core.fixtures.AnyTemplates())
        .workflow(dev.awo.core.workflow.WorkflowDefinition.linear("a_review", List.of(
            dev.awo.core.workflow.NodeDefinition.agentCall("look", "generic").build())).build()).build()) {
      assertEquals(List.of("a_review", "default"), o.workflowNames());
    }
  }

  @Test
  @DisplayName("workOrders(status) lists only work orders in that status, oldest first")
  void workOrdersByStatus() {
    Harness h = new Harness(base);
    h.agent.failing("plan");
    try (WorkflowOrchestrator o = h.builder().build()) {
      WorkOrder failed = o.run(Harness.request());
      assertEquals(List.of(failed), o.workOrders(WorkOrderStatus.FAILED));
      assertEquals(List.of(), o.workOrders(WorkOrderStatus.COMPLETED));
      assertEquals(List.of(failed), o.workOrders());
    }
  }

  @Test
  @DisplayName("a repository verifier is asked before the sandbox is made; its refusal fails the work order with its reason")
  void repositoryVerifier() {
    Harness h = new Harness(base);
    List<String> asked = new CopyOnWriteArrayList<>();
    try (WorkflowOrchestrator o = h.builder().repositoryVerifier(url -> {
      asked.add(url);
      throw new GitHubException.NotFound("Repository acme/widgets does not exist or is not visible");
    }).build()) {
      WorkOrder done = o.run(Harness.request());
      assertEquals(List.of("https://github.com/acme/widgets"), asked);
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("does not exist"), done.errorMessage());
      assertEquals(0, h.sandboxes.created());
    }
  }

  @Test
  @DisplayName("random ids are wo- and 8 hex digits, and differ")
  void randomIds() {
    WorkOrderIdGenerator ids = WorkOrderIdGenerator.random();
    Set<WorkOrderId> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      WorkOrderId id = ids.next();
      assertTrue(id.value().matches("wo-[0-9a-f]{8}"), id.value());
      seen.add(id);
    }
    assertNotEquals(1, seen.size());
  }
}
