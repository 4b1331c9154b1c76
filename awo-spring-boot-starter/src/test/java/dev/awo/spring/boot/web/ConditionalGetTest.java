package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** ETag and 304 on the three reads, as the example host answers them, on a real server on a random port. */
@SpringBootTest(classes = ConditionalGetTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false"})
class ConditionalGetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CountDownLatch IMPLEMENT_MAY_GO_ON = new CountDownLatch(1);

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anUnchangedWorkOrderAnswers304WithNoBodyAndEverySaveChangesTheTag() throws Exception {
    HttpResponse<String> created = send("POST", "/agent-work-orders",
        "{\"repository_url\": \"" + WorkflowTestEnvironment.REPOSITORY_URL + "\", \"user_request\": \"Add a flag\"}", null);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("agent_work_order_id").asText();
    String order = "/agent-work-orders/" + id;

    HttpResponse<String> waiting = awaitBody(order, body -> "implement".equals(body.path("current_step").asText()));
    String runningTag = etag(waiting);
    String runningSteps = etag(send("GET", order + "/steps", null, null));
    String runningList = etag(send("GET", "/agent-work-orders", null, null));
    assertThat(runningTag).startsWith("\"").endsWith("\"").doesNotContain(id);
    assertThat(waiting.headers().firstValue("Cache-Control")).contains("private, no-cache");

    for (String path : new String[] {order, order + "/steps", "/agent-work-orders"}) {
      String tag = etag(send("GET", path, null, null));
      HttpResponse<String> notModified = send("GET", path, null, tag);
      assertThat(notModified.statusCode()).as(path).isEqualTo(304);
      assertThat(notModified.body()).as(path).isEmpty();
      assertThat(etag(notModified)).as(path).isEqualTo(tag);
      assertThat(send("GET", path, null, "W/" + tag).statusCode()).as("weak " + path).isEqualTo(304);
      assertThat(send("GET", path, null, "\"other\", " + tag).statusCode()).as("list " + path).isEqualTo(304);
      assertThat(send("GET", path, null, "*").statusCode()).as("* " + path).isEqualTo(304);
      HttpResponse<String> other = send("GET", path, null, "\"other\"");
      assertThat(other.statusCode()).as(path).isEqualTo(200);
      assertThat(other.body()).as(path).isNotEmpty();
    }

    IMPLEMENT_MAY_GO_ON.countDown();
    HttpResponse<String> finished = awaitBody(order, body -> "completed".equals(body.path("status").asText()));
    assertThat(etag(finished)).isNotEqualTo(runningTag);
    assertThat(send("GET", order, null, runningTag).statusCode()).isEqualTo(200);
    HttpResponse<String> steps = send("GET", order + "/steps", null, runningSteps);
    assertThat(steps.statusCode()).isEqualTo(200);
    assertThat(etag(steps)).isNotEqualTo(runningSteps);
    assertThat(JSON.readTree(steps.body()).get("steps")).hasSize(7);
    assertThat(send("GET", "/agent-work-orders", null, runningList).statusCode()).isEqualTo(200);
    assertThat(send("GET", order, null, etag(finished)).statusCode()).isEqualTo(304);
    HttpResponse<String> filtered = send("GET", "/agent-work-orders?status=completed", null, null);
    assertThat(etag(filtered)).isNotEqualTo(etag(send("GET", "/agent-work-orders", null, null)));
  }

  @Test
  void anUnknownWorkOrderIsA404EvenWithAWildcard() throws Exception {
    assertThat(send("GET", "/agent-work-orders/wo-00000000", null, "*").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/agent-work-orders/wo-00000000/steps", null, "*").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> awaitBody(String path, Predicate<JsonNode> done) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    for (int attempt = 0; attempt < 6_000 && Instant.now().isBefore(deadline); attempt++) {
      HttpResponse<String> answer = send("GET", path, null, null);
      if (answer.statusCode() == 200 && done.test(JSON.readTree(answer.body()))) {
        return answer;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the work order at " + path + " never reached the awaited state");
  }

  private static String etag(HttpResponse<String> answer) {
    return answer.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + answer));
  }

  private HttpResponse<String> send(String method, String path, String body, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60));
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
