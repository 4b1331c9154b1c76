package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** POST /agent-work-orders with an Idempotency-Key header, on a real server on a random port. */
@SpringBootTest(classes = ScriptedWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false"})
class IdempotencyKeyEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"repository_url\": \"" + WorkflowTestEnvironment.REPOSITORY_URL
      + "\", \"user_request\": \"Add a flag\"}";

  @LocalServerPort int port;
  @Autowired WorkflowOrchestrator orchestrator;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void sameKeyAnswers200WithTheFirstWorkOrderOtherRequestsAreRefused() throws Exception {
    HttpResponse<String> first = post(BODY, "order-7");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    String id = JSON.readTree(first.body()).get("agent_work_order_id").asText();
    HttpResponse<String> again = post(BODY, "order-7");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("agent_work_order_id").asText()).isEqualTo(id);
    assertThat(again.headers().firstValue("Location")).contains("/agent-work-orders/" + id);
    HttpResponse<String> conflict = post(BODY.replace("Add a flag", "Something else"), "order-7");
    assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
    HttpResponse<String> bad = post(BODY, "has space");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(orchestrator.workOrders()).hasSize(1);
  }

  private HttpResponse<String> post(String body, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent-work-orders"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
