package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.testkit.InMemorySandboxFactory;
import dev.awo.testkit.ScriptedAgent;
import dev.awo.testkit.ScriptedPorts;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The REST and SSE endpoints on a real server on a random port, with a scripted agent. */
@SpringBootTest(classes = WorkOrderEndpointsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false"})
class WorkOrderEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CountDownLatch IMPLEMENT_MAY_GO_ON = new CountDownLatch(1);

  @LocalServerPort int port;
  @Autowired SseEventHub hub;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aWorkOrderIsCreatedWatchedLiveAndReadBack() throws Exception {
    HttpResponse<String> created = post("/agent-work-orders",
        "{\"repository_url\": \"" + WorkflowTestEnvironment.REPOSITORY_URL + "\", \"user_request\": \"Add a flag\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode order = JSON.readTree(created.body());
    String id = order.get("agent_work_order_id").asText();
    assertThat(created.headers().firstValue("Location")).contains("/agent-work-orders/" + id);
    assertThat(order.get("sandbox_type").asText()).isEqualTo("git_branch");

    HttpResponse<InputStream> stream = http.send(request("/agent-work-orders/" + id + "/events")
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    List<String> events = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      IMPLEMENT_MAY_GO_ON.countDown();
      for (String line = lines.readLine(); line != null && events.size() < 100; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          events.add(line.substring("event:".length()).strip());
        }
      }
    }
    assertThat(events.get(0)).isEqualTo("snapshot");
    assertThat(events).contains("step_history_saved", "status_changed");
    assertThat(events.get(events.size() - 1)).isEqualTo("status_changed");

    JsonNode finished = JSON.readTree(get("/agent-work-orders/" + id).body());
    assertThat(finished.get("status").asText()).isEqualTo("completed");
    JsonNode steps = JSON.readTree(get("/agent-work-orders/" + id + "/steps").body());
    assertThat(steps.get("agent_work_order_id").asText()).isEqualTo(id);
    assertThat(steps.get("steps")).hasSize(7);
    assertThat(steps.get("steps").get(0).get("step").asText()).isEqualTo("classify");
    assertThat(steps.get("steps").get(0).has("duration_seconds")).isTrue();
    JsonNode completed = JSON.readTree(get("/agent-work-orders?status=completed").body());
    assertThat(completed.findValuesAsText("agent_work_order_id")).contains(id);
    assertThat(hub.clientCount(dev.awo.domain.WorkOrderId.of(id))).isZero();
  }

  @Test
  void badRequestsAreAnsweredWithTheFieldAndCreateNothing() throws Exception {
    HttpResponse<String> missing = post("/agent-work-orders", "{\"repository_url\": \"https://github.com/a/b\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(missing.body()).get("field").asText()).isEqualTo("user_request");
    HttpResponse<String> malformed = post("/agent-work-orders", "{not json");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(malformed.body()).get("field").asText()).isEqualTo("body");
    HttpResponse<String> unknown = get("/agent-work-orders/wo-00000000");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(get("/agent-work-orders/not-an-id").statusCode()).isEqualTo(404);
    HttpResponse<String> unknownStream = http.send(request("/agent-work-orders/wo-00000000/events")
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unknownStream.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknownStream.body()).get("error").asText()).contains("wo-00000000");
    HttpResponse<String> huge = post("/agent-work-orders", "{\"user_request\": \"" + "x".repeat(5 << 20) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(huge.body()).get("field").asText()).isEqualTo("body");
    HttpResponse<String> badStatus = get("/agent-work-orders?status=sleeping");
    assertThat(badStatus.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badStatus.body()).get("field").asText()).isEqualTo("status");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    InMemorySandboxFactory sandboxes() {
      return InMemorySandboxFactory.inTemporaryDirectory();
    }

    @Bean
    ScriptedAgent agent(InMemorySandboxFactory sandboxes) {
      ScriptedAgent agent = ScriptedAgent.forDefaultWorkflow().reply("implement", call -> {
        try {
          if (!IMPLEMENT_MAY_GO_ON.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the implement step");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return "implemented";
      }).build();
      return ScriptedPorts.linked(agent, sandboxes);
    }
  }
}
