package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import dev.awo.examples.json.WorkOrderJson;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The human-gate routes: {@code GET .../gates} lists the gates waiting for a decision with their
 * messages; {@code POST .../approve} and {@code POST .../reject} decide one, with the body {@code
 * {"node": "...", "reason": "..."}} ({@code reason} required to reject, optional to approve, where
 * it is only logged: the orchestrator records an approval without one). A bad body is a 400 naming
 * the field; the orchestrator's refusal (no such gate waits, or the work order ended) is a 409.
 * Thread-safe.
 */
final class GateRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(GateRoutes.class);
  private static final Set<String> FIELDS = Set.of("node", "reason");
  private static final int MAX_NODE = 64;
  private static final int MAX_REASON = 2_000;

  private final WorkflowOrchestrator orchestrator;

  GateRoutes(WorkflowOrchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  /** {@code {"agent_work_order_id", "waiting_gates": [{"node", "message"}]}}, oldest gate first. */
  ObjectNode waiting(WorkOrderId id) {
    ObjectNode answer = WorkOrderJson.MAPPER.createObjectNode().put("agent_work_order_id", id.value());
    ArrayNode gates = answer.putArray("waiting_gates");
    for (Map.Entry<String, String> gate : orchestrator.waitingGates(id).entrySet()) {
      gates.addObject().put("node", gate.getKey()).put("message", gate.getValue());
    }
    return answer;
  }

  /** Approves or rejects the gate {@code body} names; answers what was decided. */
  ObjectNode decide(WorkOrderId id, byte[] body, boolean approve) {
    JsonNode json = CreateRequestJson.object(body, FIELDS);
    String node = bounded(CreateRequestJson.requiredText(json, "node"), "node", MAX_NODE);
    String reason = approve ? CreateRequestJson.optionalText(json, "reason")
        : CreateRequestJson.requiredText(json, "reason");
    if (reason != null) {
      bounded(reason, "reason", MAX_REASON);
    }
    if (approve) {
      orchestrator.approve(id, node);
    } else {
      orchestrator.reject(id, node, reason);
    }
    LOG.atInfo().setMessage(approve ? "gate_approved" : "gate_rejected").addKeyValue("agent_work_order_id", id.value())
        .addKeyValue("node", node).log();
    return WorkOrderJson.MAPPER.createObjectNode().put("agent_work_order_id", id.value()).put("node", node)
        .put("decision", approve ? "approved" : "rejected").put("reason", reason);
  }

  private static String bounded(String value, String field, int max) {
    if (value.length() > max) {
      throw HttpProblem.badRequest(field, field + " must be at most " + max + " characters, got " + value.length());
    }
    return value;
  }
}
