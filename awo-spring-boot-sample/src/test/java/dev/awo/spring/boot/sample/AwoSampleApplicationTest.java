package dev.awo.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.http.LivePage;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    assertThat(page.statusCode()).as("the page needs no token on a host that checks none").isEqualTo(200);
    assertThat(page.body()).isEqualTo(new String(LivePage.html(), StandardCharsets.UTF_8));
    assertThat(page.headers().firstValue("Content-Security-Policy")).contains(LivePage.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");

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
    assertThat(awo.at("/counts/completed").asInt()).as("this test and the routes test share the application").isGreaterThanOrEqualTo(1);
    HttpResponse<String> metrics = get("/actuator/metrics/awo.step");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("\"step\"");
  }

  /**
   * Every path the live page calls is answered by the starter's routes: none is a 404 or 405. A path
   * the page names that this test does not know fails it — add the route to the starter, then here.
   */
  @Test
  void everyRouteThePageCallsIsAnsweredByTheStarter() throws Exception {
    Map<String, String> known = Map.ofEntries(Map.entry("/", "the page itself"),
        Map.entry("/agent-work-orders", "list and create"), Map.entry("/agent-work-orders/", "one work order"),
        Map.entry("/steps", ""), Map.entry("/events", "SSE"),
        Map.entry("/git-progress", ""), Map.entry("/gates", ""), Map.entry("/approve", ""), Map.entry("/reject", ""),
        Map.entry("/cancel", ""), Map.entry("/prompt", ""), Map.entry("/logs", ""), Map.entry("/logs/stream", ""),
        Map.entry("/github/verify-repository", ""), Map.entry("/repositories", ""), Map.entry("/workflows", ""),
        Map.entry("/tree/", "a link to GitHub, not a route"), Map.entry("/pull/", "a link to GitHub, not a route"));
    Matcher literal = Pattern.compile("\"(/[A-Za-z0-9/?=._-]*)\"").matcher(new String(LivePage.html(), StandardCharsets.UTF_8));
    while (literal.find()) {
      assertThat(known).as("the page calls " + literal.group(1)).containsKey(literal.group(1));
    }
    HttpResponse<String> created = http.send(request("/agent-work-orders").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"repository_url\": \"https://github.com/acme/widgets\", "
            + "\"user_request\": \"Add a flag\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String order = "/agent-work-orders/" + JSON.readTree(created.body()).get("agent_work_order_id").asText();
    for (String path : List.of("/agent-work-orders", order, order + "/steps", order + "/git-progress", order + "/gates",
        order + "/logs", order + "/events", order + "/logs/stream?since=0", "/workflows", "/repositories")) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(JSON.readTree(get("/workflows").body()).get("workflows").toString()).contains("default");
    for (String path : List.of(order + "/approve", order + "/reject", order + "/cancel", order + "/prompt",
        "/github/verify-repository")) {
      HttpResponse<String> answer = http.send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(path + ": " + answer.body()).isNotIn(404, 405, 500);
      assertThat(JSON.readTree(answer.body()).has("error") || answer.statusCode() < 300).as(answer.body()).isTrue();
    }
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
