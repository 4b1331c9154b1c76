package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrderId;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@DisplayName("POST /agent-work-orders with an Idempotency-Key header")
class IdempotencyKeyHeaderTest {
  private static final String BODY = "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}";

  @TempDir Path dir;
  private ServerFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @DisplayName("the same key answers 200 with the first work order and starts nothing; another key creates another")
  void sameKeySameWorkOrder() throws Exception {
    fixture = new ServerFixture(dir, false);
    HttpTestClient.Response first = fixture.http.post("/agent-work-orders", BODY, "Idempotency-Key", "order-42");
    assertEquals(201, first.status(), first.body());
    String id = first.json().get("agent_work_order_id").asText();
    fixture.orchestrator.completion(WorkOrderId.of(id)).get(30, TimeUnit.SECONDS);
    HttpTestClient.Response again = fixture.http.post("/agent-work-orders", BODY, "Idempotency-Key", "order-42");
    assertEquals(200, again.status(), again.body());
    assertEquals(id, again.json().get("agent_work_order_id").asText());
    assertEquals("completed", again.json().get("status").asText(), "the first work order as it is now");
    assertTrue(again.header("Location").endsWith("/agent-work-orders/" + id), again.header("Location"));
    assertEquals(1, fixture.orchestrator.workOrders().size(), "work orders after the repeated POST");
    HttpTestClient.Response other = fixture.http.post("/agent-work-orders", BODY, "Idempotency-Key", "order-43");
    assertEquals(201, other.status(), other.body());
    assertNotEquals(id, other.json().get("agent_work_order_id").asText());
  }

  @Test
  @DisplayName("a key reused for another request answers 409; a malformed key answers 400 naming the header; nothing is stored")
  void conflictAndMalformed() throws Exception {
    fixture = new ServerFixture(dir, false);
    assertEquals(201, fixture.http.post("/agent-work-orders", BODY, "Idempotency-Key", "k1").status());
    HttpTestClient.Response conflict = fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Something else\"}",
        "Idempotency-Key", "k1");
    assertEquals(409, conflict.status(), conflict.body());
    assertTrue(conflict.body().contains("different user request"), conflict.body());
    HttpTestClient.Response bad = fixture.http.post("/agent-work-orders", BODY, "Idempotency-Key", "x".repeat(129));
    assertEquals(400, bad.status(), bad.body());
    assertEquals("Idempotency-Key", bad.json().get("field").asText(), bad.body());
    assertEquals(1, fixture.orchestrator.workOrders().size(), "work orders after the refused POSTs");
  }
}
