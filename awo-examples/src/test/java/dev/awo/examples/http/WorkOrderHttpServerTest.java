package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class WorkOrderHttpServerTest {
  private static final String UNKNOWN = "wo-0badc0de";

  @TempDir Path dir;
  private ServerFixture fixture;
  private WorkflowOrchestrator orchestrator;
  private HttpTestClient http;

  private void start(boolean gated) {
    fixture = new ServerFixture(dir, gated);
    orchestrator = fixture.orchestrator;
    http = fixture.http;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private WorkOrderId createAndFinish() throws Exception {
    HttpTestClient.Response created = http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}");
    assertEquals(201, created.status(), created.body());
    WorkOrderId id = WorkOrderId.of(created.json().get("agent_work_order_id").asText());
    // completes once the listeners (the logs, the SSE hub) have heard the final status too
    orchestrator.completion(id).get(30, java.util.concurrent.TimeUnit.SECONDS);
    return id;
  }

  @Test
  @DisplayName("GET /health answers ok as JSON")
  void health() throws Exception {
    start(false);
    HttpTestClient.Response r = http.get("/health");
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("application/json"));
    assertEquals("ok", r.json().get("status").asText());
  }

  @Test
  @DisplayName("POST creates a work order that GET by id, the list and the status filter then show")
  void createThenRead() throws Exception {
    start(false);
    WorkOrderId id = createAndFinish();
    JsonNode one = http.get("/agent-work-orders/" + id).json();
    assertEquals(id.value(), one.get("agent_work_order_id").asText());
    assertEquals("completed", one.get("status").asText());
    assertEquals("feature-" + id + "-add-flag", one.get("git_branch_name").asText());
    assertEquals("https://github.com/acme/widgets/pull/17", one.get("github_pull_request_url").asText());
    assertEquals(1, one.get("diff_stats").get("files_changed").asInt()); // what the fake sandbox reports
    JsonNode all = http.get("/agent-work-orders").json();
    assertEquals(1, all.size());
    assertEquals(1, http.get("/agent-work-orders?status=completed").json().size());
    assertEquals(0, http.get("/agent-work-orders?status=running").json().size());
  }

  @Test
  @DisplayName("a create body's budget holds the work order: at $0.02 the third step ($0.01 each) is not started")
  void createWithABudget() throws Exception {
    start(false);
    HttpTestClient.Response created = http.post("/agent-work-orders", "{\"repository_url\": "
        + "\"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\", \"budget\": {\"max_cost_usd\": 0.02}}");
    assertEquals(201, created.status(), created.body());
    WorkOrderId id = WorkOrderId.of(created.json().get("agent_work_order_id").asText());
    orchestrator.completion(id).get(30, java.util.concurrent.TimeUnit.SECONDS);
    JsonNode one = http.get("/agent-work-orders/" + id).json();
    assertEquals("failed", one.get("status").asText());
    assertTrue(one.get("error_message").asText().contains("maxCostUsd of $0.02 is used up"), one.toString());
  }

  @Test
  @DisplayName("GET /steps answers exactly the documented shape, one entry per saved result")
  void stepsShape() throws Exception {
    start(false);
    WorkOrderId id = createAndFinish();
    HttpTestClient.Response r = http.get("/agent-work-orders/" + id + "/steps");
    assertEquals(200, r.status());
    JsonNode json = r.json();
    assertEquals(Set.of("agent_work_order_id", "steps"), names(json));
    assertEquals(id.value(), json.get("agent_work_order_id").asText());
    assertEquals(7, json.get("steps").size());
    JsonNode first = json.get("steps").get(0);
    assertEquals(new TreeSet<>(List.of("step", "agent_name", "success", "output", "error_message",
        "duration_seconds", "session_id", "timestamp", "attempt", "outcome", "cost_usd", "turns", "token_usage")),
        names(first));
    assertEquals("classify", first.get("step").asText());
    assertEquals("classifier", first.get("agent_name").asText());
    assertTrue(first.get("success").asBoolean());
    assertEquals("/feature", first.get("output").asText());
    assertTrue(first.get("error_message").isNull());
    assertTrue(first.get("duration_seconds").isNumber());
    assertEquals("session-" + id, first.get("session_id").asText());
    assertNotNull(java.time.Instant.parse(first.get("timestamp").asText()));
    assertEquals(1, first.get("attempt").asInt());
    assertEquals("succeeded", first.get("outcome").asText());
    assertEquals(0.01, first.get("cost_usd").asDouble(), 1e-9, "the scripted agent's cost, as the result records it");
    assertEquals(2, first.get("turns").asInt());
    JsonNode tokens = first.get("token_usage");
    assertEquals(100, tokens.get("input_tokens").asLong());
    assertEquals(50, tokens.get("output_tokens").asLong());
    assertEquals(150, tokens.get("total_tokens").asLong());
  }

  @Test
  @DisplayName("the event stream pushes each save as it happens: a snapshot, then saves 1..7 one at a time, then the end")
  void eventsArriveLive() throws Exception {
    start(true);
    HttpTestClient.Response created = http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}");
    String id = created.json().get("agent_work_order_id").asText();
    try (HttpTestClient.Events events = http.events("/agent-work-orders/" + id + "/events")) {
      assertEquals(200, events.status);
      assertTrue(events.contentType.startsWith("text/event-stream"));
      HttpTestClient.Event snapshot = events.next("snapshot");
      assertEquals(0, snapshot.data().get("steps").size());
      for (int k = 1; k <= 7; k++) {
        fixture.release(); // lets exactly one more step run
        HttpTestClient.Event saved = events.next("step_history_saved");
        assertEquals(k, saved.data().get("steps").asInt(), "save " + k);
        assertEquals(k, saved.data().get("version").asLong());
        // the save was pushed while the next step still waits for its permit: it is live, not batched
        assertEquals(k, http.get("/agent-work-orders/" + id + "/steps").json().get("steps").size());
      }
      HttpTestClient.Event end = events.next("status_changed");
      while (!end.data().get("status").asText().equals("completed")) {
        end = events.next("status_changed");
      }
      assertEquals(null, events.next(), "the stream ends with the work order");
    }
  }

  @Test
  @DisplayName("an unknown or malformed id is a 404 with a JSON error on every per-order endpoint")
  void unknownIds() throws Exception {
    start(false);
    for (String path : List.of(UNKNOWN, UNKNOWN + "/steps", UNKNOWN + "/events", "not-an-id", "not-an-id/steps")) {
      HttpTestClient.Response r = http.get("/agent-work-orders/" + path);
      assertEquals(404, r.status(), path);
      assertTrue(r.json().get("error").asText().contains("No work order"), r.body());
    }
    assertEquals(404, http.post("/agent-work-orders/" + UNKNOWN + "/cancel", "").status());
    assertEquals(404, http.post("/agent-work-orders/" + UNKNOWN + "/prompt", "{\"prompt\": \"hi\"}").status());
    assertEquals(404, http.get("/nothing-here").status());
  }

  @ParameterizedTest(name = "{0} → 400 naming {1}")
  @CsvSource(delimiter = '|', value = {
      "{not json                                                                     | body",
      "[1, 2]                                                                        | body",
      "{\"user_request\": \"x\"}                                                     | repository_url",
      "{\"repository_url\": \"https://github.com/a/b\"}                              | user_request",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": 5}         | user_request",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"issue_number\": \"7\"} | issue_number",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"issue_number\": -3}    | issue_number",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"sandbox_type\": \"vm\"} | sandbox_type",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"workflow\": \"Nope!\"}  | workflow",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"workflow\": \"nope\"}   | workflow",
      "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"colour\": \"red\"}     | colour",
      "{\"repository_url\": \"--upload-pack=evil\", \"user_request\": \"x\"}         | repository_url",
  })
  @DisplayName("a bad create request is a 400 that names the field, and creates nothing")
  void badCreateRequests(String body, String field) throws Exception {
    start(false);
    HttpTestClient.Response r = http.post("/agent-work-orders", body);
    assertEquals(400, r.status(), r.body());
    assertEquals(field, r.json().get("field").asText(), r.body());
    assertFalse(r.json().get("error").asText().isBlank());
    assertEquals(0, http.get("/agent-work-orders").json().size(), "nothing was created");
    assertEquals(0, orchestrator.workOrders().size());
  }

  @Test
  @DisplayName("an unknown status filter is a 400 naming status")
  void badStatusFilter() throws Exception {
    start(false);
    HttpTestClient.Response r = http.get("/agent-work-orders?status=sleeping");
    assertEquals(400, r.status());
    assertEquals("status", r.json().get("field").asText());
  }

  @Test
  @DisplayName("cancel stops a running work order (202) and refuses one that has ended (409)")
  void cancel() throws Exception {
    start(true);
    String id = http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}")
        .json().get("agent_work_order_id").asText();
    try (HttpTestClient.Events events = http.events("/agent-work-orders/" + id + "/events")) {
      events.next("snapshot");
      HttpTestClient.Response r = http.post("/agent-work-orders/" + id + "/cancel", "");
      assertEquals(202, r.status(), r.body());
      HttpTestClient.Event end = events.next("status_changed");
      while (!end.data().get("status").asText().equals("cancelled")) {
        end = events.next("status_changed");
      }
    }
    assertEquals(WorkOrderStatus.CANCELLED, orchestrator.workOrder(WorkOrderId.of(id)).orElseThrow().status());
    assertEquals(409, http.post("/agent-work-orders/" + id + "/cancel", "").status());
  }

  @Test
  @DisplayName("a follow-up prompt on a finished work order runs and is saved as a prompt step")
  void prompt() throws Exception {
    start(false);
    WorkOrderId id = createAndFinish();
    assertEquals("prompt", http.post("/agent-work-orders/" + id + "/prompt", "{}").json().get("field").asText());
    HttpTestClient.Response r = http.post("/agent-work-orders/" + id + "/prompt", "{\"prompt\": \"Also add docs\"}");
    assertEquals(200, r.status(), r.body());
    assertEquals("prompt", r.json().get("step").get("step").asText());
    assertEquals(8, http.get("/agent-work-orders/" + id + "/steps").json().get("steps").size());
  }

  @Test
  @DisplayName("GET / serves one self-contained HTML page: inline script and style, nothing fetched from elsewhere")
  void page() throws Exception {
    start(false);
    HttpTestClient.Response r = http.get("/");
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("text/html"));
    String html = r.body();
    assertTrue(html.contains("<script>") && html.contains("<style>"));
    assertTrue(html.contains("EventSource") && html.contains("/events"));
    assertFalse(html.contains("src=\"http") || html.contains("href=\"http") || html.contains("<link")
        || html.contains("@import"), "no external assets");
  }

  @Test
  @DisplayName("a method an endpoint does not take is a 405")
  void wrongMethod() throws Exception {
    start(false);
    assertEquals(405, http.post("/health", "").status());
    assertEquals(405, http.get("/agent-work-orders/" + UNKNOWN + "/cancel").status());
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

}
