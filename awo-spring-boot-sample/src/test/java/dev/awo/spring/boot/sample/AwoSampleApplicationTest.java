package dev.awo.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.testkit.InMemorySandboxFactory;
import dev.awo.testkit.ScriptedAgent;
import dev.awo.testkit.TestkitAccess;
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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The sample application on a random port, with a scripted agent and in-memory sandboxes in place
 * of Claude Code and git: the live page, a work order created over REST and watched over SSE to its
 * end, its steps, the health and the {@code awo} actuator endpoint, and its metrics.
 */
@SpringBootTest(classes = {AwoSampleApplication.class, AwoSampleApplicationTest.Scripted.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.datasource.url=jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1", "awo.github.enabled=false"})
class AwoSampleApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theSampleServesThePageRunsAWorkOrderAndReportsIt() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/agent-work-orders");

    HttpResponse<String> created = http.send(request("/agent-work-orders").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a --verbose flag\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("agent_work_order_id").asText();

    HttpResponse<InputStream> stream = http.send(request("/agent-work-orders/" + id + "/events").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    List<String> events = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null && events.size() < 100; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          events.add(line.substring("event:".length()).strip());
        }
      }
    }
    assertThat(events).first().isEqualTo("snapshot");

    JsonNode order = JSON.readTree(get("/agent-work-orders/" + id).body());
    assertThat(order.get("status").asText()).isEqualTo("completed");
    assertThat(JSON.readTree(get("/agent-work-orders/" + id + "/steps").body()).get("steps")).hasSize(7);

    JsonNode health = JSON.readTree(get("/actuator/health/awo").body());
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.at("/details/store/reachable").asBoolean()).isTrue();
    JsonNode awo = JSON.readTree(get("/actuator/awo").body());
    assertThat(awo.at("/counts/completed").asInt()).isEqualTo(1);
    HttpResponse<String> metrics = get("/actuator/metrics/awo.step");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("\"step\"");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
  }

  /** Stands in for Claude Code and git. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Scripted {
    @Bean
    InMemorySandboxFactory sandboxes() {
      return InMemorySandboxFactory.inTemporaryDirectory();
    }

    @Bean
    ScriptedAgent agent(InMemorySandboxFactory sandboxes) {
      return TestkitAccess.linked(ScriptedAgent.forDefaultWorkflow().build(), sandboxes);
    }
  }
}
