package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrderId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GateDecisionTest {

  @Test
  void anApprovalNeedsOnlyTheNode() {
    GateDecision approval = GateDecision.approval(bytes("{\"node\": \"approve\"}"));

    assertEquals("approve", approval.node());
    assertTrue(approval.approved());
    assertNull(approval.reason());
    assertEquals("{\"agent_work_order_id\":\"wo-1a2b3c4d\",\"node\":\"approve\",\"decision\":\"approved\",\"reason\":null}",
        approval.json(WorkOrderId.of("wo-1a2b3c4d")).toString());
  }

  @Test
  void aRejectionCarriesItsReason() {
    GateDecision rejection = GateDecision.rejection(bytes("{\"node\": \"approve\", \"reason\": \"needs tests\"}"));

    assertFalse(rejection.approved());
    assertEquals("needs tests", rejection.reason());
    assertEquals("rejected", rejection.json(WorkOrderId.of("wo-1a2b3c4d")).get("decision").asText());
  }

  @Test
  void everyBadBodyIsA400NamingTheField() {
    assertField("node", () -> GateDecision.approval(bytes("{}")));
    assertField("node", () -> GateDecision.approval(bytes("{\"node\": \"  \"}")));
    assertField("node", () -> GateDecision.approval(bytes("{\"node\": 7}")));
    assertField("node", () -> GateDecision.approval(bytes("{\"node\": \"" + "n".repeat(65) + "\"}")));
    assertField("reason", () -> GateDecision.rejection(bytes("{\"node\": \"approve\"}")));
    assertField("reason", () -> GateDecision.rejection(bytes("{\"node\": \"approve\", \"reason\": \" \"}")));
    assertField("reason", () -> GateDecision.rejection(bytes("{\"node\": \"approve\", \"reason\": 1}")));
    assertField("reason", () -> GateDecision.rejection(bytes("{\"node\": \"a\", \"reason\": \"" + "r".repeat(2001) + "\"}")));
    assertField("gate", () -> GateDecision.approval(bytes("{\"node\": \"approve\", \"gate\": \"x\"}")));
    assertField("body", () -> GateDecision.approval(bytes("{\"node\": \"approve\"")));
    assertField("body", () -> GateDecision.approval(bytes("[\"approve\"]")));
    assertField("body", () -> GateDecision.approval(bytes("{\"node\": \"a\"} {\"node\": \"b\"}")));
    assertField("body", () -> GateDecision.approval(bytes("{\"node\": \"a\", \"node\": \"b\"}")));
    assertField("node", () -> GateDecision.approval(bytes("{\"node\": \"a\\u0000\"}")));
  }

  @Test
  void theWaitingGatesKeepTheirOrder() {
    var gates = new java.util.LinkedHashMap<String, String>();
    gates.put("review", "Looks right?");
    gates.put("approve", "Open the PR?");
    assertEquals("{\"agent_work_order_id\":\"wo-1a2b3c4d\",\"waiting_gates\":[{\"node\":\"review\",\"message\":"
        + "\"Looks right?\"},{\"node\":\"approve\",\"message\":\"Open the PR?\"}]}",
        GateDecision.waiting(WorkOrderId.of("wo-1a2b3c4d"), gates).toString());
  }

  private static void assertField(String field, Runnable parse) {
    ApiProblem problem = assertThrows(ApiProblem.class, parse::run);
    assertEquals(400, problem.status());
    assertEquals(field, problem.field(), problem.getMessage());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
