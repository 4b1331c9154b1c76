package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import dev.awo.http.LogQuery;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.testkit.InMemorySandboxFactory;
import dev.awo.testkit.ScriptedAgent;
import dev.awo.testkit.ScriptedPorts;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code GET /agent-work-orders/{id}/logs}: shape, paging, filters, bad parameters, redaction, derived logs. */
@SpringBootTest(classes = LogsEndpointTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false"})
class LogsEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

  @LocalServerPort int port;
  @Autowired WorkflowOrchestrator orchestrator;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theLogOfARunIsPagedFilteredRedactedAndRefusesBadParameters() throws Exception {
    String id = finishedWorkOrder();
    String logs = "/agent-work-orders/" + id + "/logs";
    HttpResponse<String> all = get(logs);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).doesNotContain(TOKEN);
    JsonNode page = JSON.readTree(all.body());
    assertThat(page.get("agent_work_order_id").asText()).isEqualTo(id);
    assertThat(page.get("limit").asInt()).isEqualTo(100);
    assertThat(page.get("offset").asInt()).isZero();
    int total = page.get("total").asInt();
    assertThat(page.get("log_entries")).hasSize(Math.min(total, 100));
    JsonNode first = page.get("log_entries").get(0);
    assertThat(first.get("sequence").asLong()).isEqualTo(1);
    assertThat(first.has("timestamp")).isTrue();
    assertThat(first.has("level")).isTrue();
    assertThat(first.get("fields").isObject()).isTrue();
    assertThat(page.findValuesAsText("event"))
        .contains("step_started", "step_history_saved", "agent_event", "status_changed");

    JsonNode second = JSON.readTree(get(logs + "?limit=2&offset=1").body());
    assertThat(second.get("total").asInt()).isEqualTo(total);
    assertThat(second.get("log_entries")).hasSize(2);
    assertThat(second.get("log_entries").get(0).get("sequence").asLong()).isEqualTo(2);
    assertThat(second.get("limit").asInt()).isEqualTo(2);
    assertThat(second.get("offset").asInt()).isEqualTo(1);
    JsonNode debug = JSON.readTree(get(logs + "?level=debug&limit=1000").body());
    assertThat(debug.get("total").asInt()).isPositive().isLessThan(total);
    assertThat(events(debug)).containsOnly("agent_event");
    JsonNode implement = JSON.readTree(get(logs + "?step=implement").body());
    assertThat(implement.get("log_entries").findValuesAsText("step")).isNotEmpty().containsOnly("implement");
    assertThat(JSON.readTree(get(logs + "?offset=100000").body()).get("log_entries")).isEmpty();

    assertProblem(get(logs + "?limit=0"), "limit");
    assertProblem(get(logs + "?limit=1001"), "limit");
    assertProblem(get(logs + "?limit=ten"), "limit");
    assertProblem(get(logs + "?offset=-1"), "offset");
    assertProblem(get(logs + "?level=loud"), "level");
    assertProblem(get(logs + "?step=" + "s".repeat(65)), "step");
    assertThat(get("/agent-work-orders/wo-00000000/logs").statusCode()).isEqualTo(404);
  }

  @Test
  void aWorkOrderTheBufferNeverHeardOfHasOneEntryPerSavedStep() throws Exception {
    WorkOrderId id = WorkOrderId.of(finishedWorkOrder());
    JsonNode derived = new WorkOrderLogBuffer().page(id, orchestrator.stepHistory(id), LogQuery.parse(null, null, null, null, null, null));
    assertThat(derived.get("total").asInt()).isEqualTo(7);
    assertThat(events(derived)).containsOnly("step_history_saved");
    assertThat(derived.get("log_entries").get(0).get("fields").get("derived_from").asText()).isEqualTo("step_history");
    assertThat(derived.toString()).doesNotContain(TOKEN);
  }

  private static List<String> events(JsonNode page) {
    List<String> events = new ArrayList<>();
    page.get("log_entries").forEach(e -> events.add(e.get("event").asText()));
    return events;
  }

  private String finishedWorkOrder() throws Exception {
    HttpResponse<String> created = http.send(request("/agent-work-orders").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"repository_url\": \"" + WorkflowTestEnvironment.REPOSITORY_URL
            + "\", \"user_request\": \"Add a flag\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("agent_work_order_id").asText();
    Instant deadline = Instant.now().plusSeconds(60);
    for (int attempt = 0; attempt < 6_000 && Instant.now().isBefore(deadline); attempt++) {
      if (JSON.readTree(get("/agent-work-orders/" + id).body()).path("status").asText().equals("completed")) {
        return id;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("work order " + id + " never completed");
  }

  private static void assertProblem(HttpResponse<String> answer, String field) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).get("field").asText()).isEqualTo(field);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
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
      return ScriptedPorts.linked(ScriptedAgent.forDefaultWorkflow()
          .answer("implement", "implemented; the token was " + TOKEN).build(), sandboxes);
    }
  }
}
