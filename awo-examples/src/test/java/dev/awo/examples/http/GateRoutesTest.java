package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET .../gates}, {@code POST .../approve} and {@code POST .../reject} on the example host. */
@Timeout(60)
class GateRoutesTest {
  /** classify, then a person approves, then implement. */
  static final WorkflowDefinition GATED = WorkflowJson.parse("""
      { "name": "gated", "nodes": [
          { "id": "classify", "type": "agent_call", "template": "classifier", "arguments": ["$context.task"] },
          { "id": "approve", "type": "human_gate", "inputs": { "message": "Ship '$context.task' as $classify.output?" } },
          { "id": "implement", "type": "agent_call", "template": "implementor", "arguments": ["$classify.output"] } ],
        "edges": [ { "from": "classify", "to": "approve" }, { "from": "approve", "to": "implement" } ] }
      """);

  @TempDir Path dir;
  private ServerFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ServerFixture(dir, false, UnaryOperator.identity(), UnaryOperator.identity(), b -> b.workflow(GATED));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private String waitingAtTheGate() throws Exception {
    String id = fixture.http.post("/agent-work-orders", "{\"repository_url\": \"https://github.com/acme/widgets\","
        + " \"user_request\": \"Add a flag\", \"workflow\": \"gated\"}").json().get("agent_work_order_id").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fixture.orchestrator.waitingGates(WorkOrderId.of(id)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the work order never reached its gate: " + fixture.orchestrator.workOrder(WorkOrderId.of(id)));
      }
      Thread.sleep(10);
    }
    return id;
  }

  private WorkOrder ended(String id) throws Exception {
    return fixture.orchestrator.completion(WorkOrderId.of(id)).get(20, TimeUnit.SECONDS);
  }

  private void assertProblem(HttpTestClient.Response r, int status, String field) {
    assertEquals(status, r.status(), r.body());
    JsonNode json = r.json();
    assertTrue(json.get("error").asText().length() > 10, "the error says what is wrong: " + r.body());
    if (field == null) {
      assertTrue(json.get("field").isNull(), r.body());
    } else {
      assertEquals(field, json.get("field").asText(), r.body());
    }
  }

  @Test
  @DisplayName("GET gates lists the waiting gate with its rendered message; approve (202) saves the decision and the run completes")
  void approve() throws Exception {
    String id = waitingAtTheGate();
    JsonNode gates = fixture.http.get("/agent-work-orders/" + id + "/gates").json();
    assertEquals(id, gates.get("agent_work_order_id").asText());
    assertEquals(1, gates.get("waiting_gates").size());
    assertEquals("approve", gates.get("waiting_gates").get(0).get("node").asText());
    assertEquals("Ship 'Add a flag' as /feature?", gates.get("waiting_gates").get(0).get("message").asText());

    HttpTestClient.Response r = fixture.http.post("/agent-work-orders/" + id + "/approve", "{\"node\": \"approve\"}");
    assertEquals(202, r.status(), r.body());
    assertEquals("approved", r.json().get("decision").asText());
    assertEquals("approve", r.json().get("node").asText());
    WorkOrder done = ended(id);
    assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
    StepResult decision = fixture.orchestrator.stepHistory(done.id()).latest("approve").orElseThrow();
    assertEquals("approved", decision.data().get("decision"));
    assertEquals(0, fixture.http.get("/agent-work-orders/" + id + "/gates").json().get("waiting_gates").size());
  }

  @Test
  @DisplayName("reject (202) saves the decision with its reason and the work order fails naming it")
  void reject() throws Exception {
    String id = waitingAtTheGate();
    HttpTestClient.Response r = fixture.http.post("/agent-work-orders/" + id + "/reject",
        "{\"node\": \"approve\", \"reason\": \"the flag needs docs first\"}");
    assertEquals(202, r.status(), r.body());
    assertEquals("rejected", r.json().get("decision").asText());
    WorkOrder done = ended(id);
    assertEquals(WorkOrderStatus.FAILED, done.status());
    assertTrue(done.errorMessage().contains("the flag needs docs first"), done.errorMessage());
    assertEquals("rejected", fixture.orchestrator.stepHistory(done.id()).latest("approve").orElseThrow().data().get("decision"));
  }

  @Test
  @DisplayName("a bad body is a 400 naming the field, and decides nothing")
  void badBodies() throws Exception {
    String id = waitingAtTheGate();
    String approve = "/agent-work-orders/" + id + "/approve";
    String reject = "/agent-work-orders/" + id + "/reject";
    assertProblem(fixture.http.post(approve, "{}"), 400, "node");
    assertProblem(fixture.http.post(approve, "{\"node\": \"\"}"), 400, "node");
    assertProblem(fixture.http.post(approve, "{\"node\": 7}"), 400, "node");
    assertProblem(fixture.http.post(approve, "{\"node\": \"" + "n".repeat(65) + "\"}"), 400, "node");
    assertProblem(fixture.http.post(approve, "{\"node\": \"approve\", \"why\": \"x\"}"), 400, "why");
    assertProblem(fixture.http.post(approve, "{\"node\": \"approve\", \"reason\": 3}"), 400, "reason");
    assertProblem(fixture.http.post(approve, "not json"), 400, "body");
    assertProblem(fixture.http.post(approve, "[\"approve\"]"), 400, "body");
    assertProblem(fixture.http.post(reject, "{\"node\": \"approve\"}"), 400, "reason");
    assertProblem(fixture.http.post(reject, "{\"node\": \"approve\", \"reason\": \"  \"}"), 400, "reason");
    assertProblem(fixture.http.post(reject, "{\"reason\": \"no\"}"), 400, "node");
    assertProblem(fixture.http.post(reject, "{\"node\": \"approve\", \"reason\": \"nul\\u0000\"}"), 400, "reason");
    assertEquals(List.of("approve"), List.copyOf(fixture.orchestrator.waitingGates(WorkOrderId.of(id)).keySet()),
        "the gate still waits");
    assertEquals(WorkOrderStatus.WAITING, fixture.orchestrator.workOrder(WorkOrderId.of(id)).orElseThrow().status());
  }

  @Test
  @DisplayName("an unknown work order is a 404 for gates, approve and reject; a malformed id too")
  void unknownWorkOrder() throws Exception {
    for (String id : List.of("wo-0000beef", "not-an-id")) {
      assertProblem(fixture.http.get("/agent-work-orders/" + id + "/gates"), 404, null);
      assertProblem(fixture.http.post("/agent-work-orders/" + id + "/approve", "{\"node\": \"approve\"}"), 404, null);
      assertProblem(fixture.http.post("/agent-work-orders/" + id + "/reject",
          "{\"node\": \"approve\", \"reason\": \"no\"}"), 404, null);
    }
  }

  @Test
  @DisplayName("400 naming node for a node that is no gate of the workflow; 409 once the work order has ended; GET on approve is a 405")
  void conflicts() throws Exception {
    String id = waitingAtTheGate();
    HttpTestClient.Response wrongNode = fixture.http.post("/agent-work-orders/" + id + "/approve", "{\"node\": \"implement\"}");
    assertProblem(wrongNode, 400, "node");
    assertTrue(wrongNode.json().get("error").asText().contains("approve"), "the message names the workflow's gates: "
        + wrongNode.body());
    assertProblem(fixture.http.post("/agent-work-orders/" + id + "/reject", "{\"node\": \"nowhere\", \"reason\": \"x\"}"),
        400, "node");
    assertProblem(fixture.http.get("/agent-work-orders/" + id + "/approve"), 405, null);

    assertEquals(202, fixture.http.post("/agent-work-orders/" + id + "/cancel", "{}").status());
    assertEquals(WorkOrderStatus.CANCELLED, ended(id).status());
    assertProblem(fixture.http.post("/agent-work-orders/" + id + "/approve", "{\"node\": \"approve\"}"), 409, null);
    assertProblem(fixture.http.post("/agent-work-orders/" + id + "/reject", "{\"node\": \"approve\", \"reason\": \"late\"}"),
        409, null);
    assertEquals(0, fixture.http.get("/agent-work-orders/" + id + "/gates").json().get("waiting_gates").size());
  }

  @Test
  @DisplayName("deciding a gate needs the access token")
  void tokenRequired() throws Exception {
    String id = waitingAtTheGate();
    HttpTestClient anonymous = new HttpTestClient(fixture.server.uri(), null);
    assertEquals(401, anonymous.post("/agent-work-orders/" + id + "/approve", "{\"node\": \"approve\"}").status());
    assertEquals(WorkOrderStatus.WAITING, fixture.orchestrator.workOrder(WorkOrderId.of(id)).orElseThrow().status());
  }
}
