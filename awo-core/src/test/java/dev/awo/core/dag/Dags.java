package dev.awo.core.dag;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small helpers for the workflow tests. */
final class Dags {
  private Dags() {}

  static NodeDefinition agent(String id) {
    return NodeDefinition.agentCall(id, "generic").arguments("$context.task").build();
  }

  static NodeDefinition condition(String id, String expression) {
    return NodeDefinition.condition(id, expression);
  }

  static NodeDefinition gate(String id, String message) {
    return NodeDefinition.humanGate(id).message(message).build();
  }

  static NodeDefinition tool(String id, String tool, Map<String, String> inputs) {
    return NodeDefinition.toolCall(id, tool).inputs(inputs).build();
  }

  /** The harness's builder with the given agent and templates that accept any name. */
  static WorkflowOrchestratorBuilder builder(Harness h, AgentExecutor agent) {
    return h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates());
  }

  static WorkOrder awaitStatus(WorkflowOrchestrator o, WorkOrderId id, WorkOrderStatus wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      WorkOrder order = o.workOrder(id).orElseThrow();
      if (order.status() == wanted) {
        return order;
      }
      if (order.status().isTerminal() || System.nanoTime() > deadline) {
        throw new AssertionError("wanted " + wanted + " but " + id + " is " + order);
      }
      Thread.sleep(1);
    }
  }

  static WorkOrder awaitTerminal(WorkflowOrchestrator o, WorkOrderId id) throws Exception {
    return o.completion(id).get(60, TimeUnit.SECONDS);
  }

  static List<String> steps(StepHistory history) {
    return history.results().stream().map(StepResult::step).toList();
  }

  static String outcomes(StepHistory history) {
    StringBuilder b = new StringBuilder();
    for (StepResult r : history.results()) {
      b.append(r.step()).append('=').append(r.outcome().wireName()).append(' ');
    }
    return b.toString().strip();
  }
}
