package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code awo} actuator endpoint: {@code /actuator/awo} lists the work orders (oldest first)
 * with their status, workflow and current step, and counts them by status; {@code
 * /actuator/awo/{status}} lists those with one status. It shows no request text or outputs. Not
 * exposed over HTTP until {@code management.endpoints.web.exposure.include} names it. Thread-safe.
 */
@Endpoint(id = "awo")
public final class AwoEndpoint {
  private final WorkflowOrchestrator orchestrator;

  AwoEndpoint(WorkflowOrchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  /** Every work order and the counts by status. */
  @ReadOperation
  public Map<String, Object> workOrders() {
    List<WorkOrder> all = orchestrator.workOrders();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (WorkOrderStatus status : WorkOrderStatus.values()) {
      counts.put(status.wireName(), all.stream().filter(o -> o.status() == status).count());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("counts", counts);
    answer.put("work_orders", all.stream().map(AwoEndpoint::summary).toList());
    return answer;
  }

  /** The work orders with {@code status} (its wire name, e.g. {@code running}). */
  @ReadOperation
  public List<Map<String, Object>> byStatus(@Selector String status) {
    return orchestrator.workOrders(WorkOrderStatus.fromWireName(status)).stream().map(AwoEndpoint::summary).toList();
  }

  private static Map<String, Object> summary(WorkOrder o) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("agent_work_order_id", o.id().value());
    n.put("status", o.status().wireName());
    n.put("workflow", o.workflow());
    n.put("current_step", o.currentStep());
    n.put("repository_url", o.repositoryUrl());
    n.put("github_pull_request_url", o.prUrl());
    n.put("created_at", o.createdAt().toString());
    n.put("updated_at", o.updatedAt().toString());
    return n;
  }
}
