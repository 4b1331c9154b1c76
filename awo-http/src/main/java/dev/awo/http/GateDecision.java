package dev.awo.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import java.util.Map;
import java.util.Set;

/**
 * A person's decision on a waiting human gate: the body of {@code POST
 * /agent-work-orders/{id}/approve} or {@code /reject}, {@code {"node": "...", "reason": "..."}},
 * parsed strictly ({@link JsonBodies}) with a 400 naming the field. {@code node} is required
 * (1–{@value #MAX_NODE} characters); {@code reason} is required for a rejection and optional for an
 * approval (at most {@value #MAX_REASON} characters). An approval's reason is part of the answer
 * but not recorded: {@link WorkflowOrchestrator#approve} takes none.
 *
 * <pre>{@code
 * GateDecision decision = GateDecision.rejection(body);
 * decision.applyTo(orchestrator, id);   // 404/409 come as the orchestrator's exceptions
 * return decision.json(id);             // {"agent_work_order_id", "node", "decision", "reason"}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param node the gate's node id
 * @param approved true for an approval, false for a rejection
 * @param reason why; null only for an approval without one
 */
public record GateDecision(String node, boolean approved, String reason) {
  /** The longest node id accepted. */
  public static final int MAX_NODE = 64;
  /** The longest reason accepted. */
  public static final int MAX_REASON = 2_000;

  private static final Set<String> FIELDS = Set.of("node", "reason");

  /**
   * Validates the decision.
   *
   * @throws ApiProblem 400 naming {@code node} or {@code reason}
   */
  public GateDecision {
    if (node == null || node.isBlank() || node.length() > MAX_NODE) {
      throw ApiProblem.badRequest("node", "node is required and must be a gate's node id of 1 to " + MAX_NODE
          + " characters");
    }
    if (reason != null && reason.isBlank()) {
      reason = null;
    }
    if (!approved && reason == null) {
      throw ApiProblem.badRequest("reason", "reason is required to reject, e.g. \"needs tests\"");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw ApiProblem.badRequest("reason", "reason must be at most " + MAX_REASON + " characters; got "
          + reason.length());
    }
  }

  /**
   * The body of {@code POST .../approve}.
   *
   * @throws ApiProblem 400 naming the field or {@code body}
   */
  public static GateDecision approval(byte[] body) {
    return parse(body, true);
  }

  /**
   * The body of {@code POST .../reject}.
   *
   * @throws ApiProblem 400 naming the field or {@code body}
   */
  public static GateDecision rejection(byte[] body) {
    return parse(body, false);
  }

  private static GateDecision parse(byte[] body, boolean approved) {
    JsonNode json = JsonBodies.object(body, FIELDS);
    return new GateDecision(JsonBodies.optionalText(json, "node"), approved, JsonBodies.optionalText(json, "reason"));
  }

  /**
   * Hands the decision to {@code orchestrator}: the decision is saved as the gate's step result
   * before this returns.
   *
   * @throws dev.awo.domain.UnknownWorkOrderException for an unknown id (a 404)
   * @throws ApiProblem 400 naming {@code node} when the work order's workflow has no human gate of
   *     that id (the message lists its gates)
   * @throws dev.awo.core.WorkOrderStateException when the gate is not waiting (not reached yet,
   *     already decided) or the work order has ended (a 409)
   */
  public void applyTo(WorkflowOrchestrator orchestrator, WorkOrderId id) {
    try {
      if (approved) {
        orchestrator.approve(id, node);
      } else {
        orchestrator.reject(id, node, reason);
      }
    } catch (dev.awo.core.UnknownGateException e) {
      throw ApiProblem.badRequest("node", e.getMessage());
    }
  }

  /**
   * The answer of {@code GET /agent-work-orders/{id}/gates}: {@code {"agent_work_order_id",
   * "waiting_gates": [{"node", "message"}]}}, in the order of {@code gates} (as {@link
   * WorkflowOrchestrator#waitingGates} returns them).
   */
  public static ObjectNode waiting(WorkOrderId id, Map<String, String> gates) {
    ObjectNode answer = WorkOrderJson.object().put("agent_work_order_id", id.value());
    ArrayNode waiting = answer.putArray("waiting_gates");
    gates.forEach((node, message) -> waiting.addObject().put("node", node).put("message", message));
    return answer;
  }

  /** The answer: {@code {"agent_work_order_id", "node", "decision": "approved"|"rejected", "reason"}}. */
  public ObjectNode json(WorkOrderId id) {
    return WorkOrderJson.object().put("agent_work_order_id", id.value()).put("node", node)
        .put("decision", approved ? "approved" : "rejected").put("reason", reason);
  }
}
