package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 18's remaining starter routes on a real server on a random port, with the example host's
 * shapes: approve/reject of a human gate, the log stream (replay after since, then live, then end)
 * and git progress with its ETag.
 */
@SpringBootTest(classes = ScriptedWebApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false", "awo.workflows.locations=classpath:awo/gated/"})
class GatesLogStreamAndGitProgressTest {
  private static final String UNKNOWN = "/agent-work-orders/wo-00000000";

  @LocalServerPort int port;
  private StarterHttp http;

  @BeforeEach
  void client() {
    http = new StarterHttp(port);
  }

  @Test
  void approveAndRejectDecideTheWaitingGateWith400sNaming404sAnd409s() throws Exception {
    String order = http.waitingAtTheGate();
    JsonNode gates = StarterHttp.JSON.readTree(http.get(order + "/gates").body());
    assertThat(gates.at("/waiting_gates/0/node").asText()).isEqualTo("approve");
    assertThat(gates.at("/waiting_gates/0/message").asText()).startsWith("Plan ");

    assertProblem(http.post(order + "/approve", "{}"), 400, "node");
    assertProblem(http.post(order + "/approve", "{\"node\": \"approve\", \"colour\": 1}"), 400, "colour");
    assertProblem(http.post(order + "/approve", "not json"), 400, "body");
    assertProblem(http.post(order + "/reject", "{\"node\": \"approve\"}"), 400, "reason");
    assertProblem(http.post(UNKNOWN + "/approve", "{\"node\": \"approve\"}"), 404, null);
    assertProblem(http.post("/agent-work-orders/nonsense/reject", "{\"node\": \"a\", \"reason\": \"r\"}"), 404, null);
    assertProblem(http.post(order + "/approve", "{\"node\": \"plan\"}"), 400, "node"); // no gate of the workflow

    HttpResponse<String> approved = http.post(order + "/approve", "{\"node\": \"approve\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
    assertThat(StarterHttp.JSON.readTree(approved.body()).toString()).isEqualTo("{\"agent_work_order_id\":\""
        + order.substring(order.lastIndexOf('/') + 1) + "\",\"node\":\"approve\",\"decision\":\"approved\",\"reason\":null}");
    http.await(order, o -> o.path("status").asText().equals("completed"));
    assertProblem(http.post(order + "/approve", "{\"node\": \"approve\"}"), 409, null);

    String rejected = http.waitingAtTheGate();
    HttpResponse<String> rejection = http.post(rejected + "/reject", "{\"node\": \"approve\", \"reason\": \"needs tests\"}");
    assertThat(rejection.statusCode()).as(rejection.body()).isEqualTo(202);
    assertThat(StarterHttp.JSON.readTree(rejection.body()).get("decision").asText()).isEqualTo("rejected");
    JsonNode failed = http.await(rejected, o -> o.path("status").asText().equals("failed"));
    assertThat(failed.get("error_message").asText()).contains("needs tests");
    assertThat(StarterHttp.JSON.readTree(http.get(rejected + "/gates").body()).get("waiting_gates")).isEmpty();
  }

  @Test
  void theLogStreamReplaysAfterSinceThenGoesLiveAndEndsWithTheWorkOrder() throws Exception {
    String order = http.waitingAtTheGate();
    int before = StarterHttp.JSON.readTree(http.get(order + "/logs").body()).get("total").asInt();
    assertThat(before).isGreaterThan(2);
    CountDownLatch replayed = new CountDownLatch(1);
    AtomicInteger entries = new AtomicInteger();
    CompletableFuture<StarterHttp.Stream> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return http.stream(order + "/logs/stream?since=1", line -> {
          if (line.equals("event:log_entry") && entries.incrementAndGet() == before - 1) {
            replayed.countDown();
          }
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(replayed.await(30, TimeUnit.SECONDS)).as("the entries after since=1 were replayed").isTrue();

    assertThat(http.post(order + "/approve", "{\"node\": \"approve\"}").statusCode()).isEqualTo(202);

    StarterHttp.Stream answer = stream.get(60, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    List<JsonNode> log = answer.data("log_entry");
    assertThat(log.get(0).get("sequence").asLong()).isEqualTo(2);
    assertThat(log).extracting(e -> e.get("sequence").asLong()).isSorted().doesNotHaveDuplicates();
    assertThat(log.size()).as("entries recorded after the stream opened came live").isGreaterThan(before - 1);
    assertThat(log).anySatisfy(e -> assertThat(e.get("step").asText()).isEqualTo("plan"));
    JsonNode last = log.get(log.size() - 1);
    assertThat(last.get("event").asText()).isEqualTo("status_changed");
    assertThat(last.at("/fields/status").asText()).isEqualTo("completed");
    JsonNode end = answer.data("end").get(0);
    assertThat(end.get("status").asText()).isEqualTo("completed");
    assertThat(end.get("last_sequence").asLong()).isEqualTo(last.get("sequence").asLong());
    assertThat(answer.lines().get(answer.lines().size() - 1)).as("the stream closed after end").isEmpty();

    StarterHttp.Stream filtered = http.stream(order + "/logs/stream?step=plan&since=0", line -> { });
    assertThat(filtered.data("log_entry")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("step").asText()).isEqualTo("plan"));
    assertThat(http.get(order + "/logs/stream?level=fatal").statusCode()).isEqualTo(400);
    HttpResponse<String> asEventSource = http.get(order + "/logs/stream?level=fatal", "Accept", "text/event-stream");
    assertThat(asEventSource.statusCode()).as("an EventSource asks for text/event-stream: " + asEventSource.body())
        .isEqualTo(400);
    assertThat(http.get(order + "/logs/stream?since=-1").statusCode()).isEqualTo(400);
    assertThat(http.get(UNKNOWN + "/logs/stream").statusCode()).isEqualTo(404);
  }

  @Test
  void theLogStreamResumesAfterALastEventIdAndEndsAtOnceForAFinishedWorkOrder() throws Exception {
    String order = http.waitingAtTheGate();
    http.post(order + "/approve", "{\"node\": \"approve\"}");
    http.await(order, o -> o.path("status").asText().equals("completed"));
    HttpResponse<String> resumed = http.get(order + "/logs/stream", "Last-Event-ID", "3", "Accept", "text/event-stream");
    assertThat(resumed.statusCode()).isEqualTo(200);
    assertThat(resumed.body()).startsWith("id:4\nevent:log_entry\n").contains("event:end");
  }

  @Test
  void gitProgressHasTheHostsShapeAndAnswers304WhileNothingChanges() throws Exception {
    String order = http.waitingAtTheGate();
    HttpResponse<String> progress = http.get(order + "/git-progress");
    assertThat(progress.statusCode()).isEqualTo(200);
    JsonNode json = StarterHttp.JSON.readTree(progress.body());
    assertThat(json.get("agent_work_order_id").asText()).isEqualTo(order.substring(order.lastIndexOf('/') + 1));
    for (String field : new String[] {"current_phase", "git_commit_count", "git_files_changed", "latest_commit_message",
        "git_branch_name", "source"}) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("source").asText()).as("in-memory sandboxes are no git checkouts").isEqualTo("recorded");
    String tag = progress.headers().firstValue("ETag").orElseThrow();
    assertThat(progress.headers().firstValue("Cache-Control")).contains("private, no-cache");
    HttpResponse<String> notModified = http.get(order + "/git-progress", "If-None-Match", tag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();

    http.post(order + "/approve", "{\"node\": \"approve\"}");
    http.await(order, o -> o.path("status").asText().equals("completed"));
    assertThat(http.get(order + "/git-progress", "If-None-Match", tag).statusCode()).as("a save changes the tag")
        .isEqualTo(200);
    assertThat(http.get(UNKNOWN + "/git-progress").statusCode()).isEqualTo(404);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String field) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = StarterHttp.JSON.readTree(response.body());
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(body.get("field").isNull() ? null : body.get("field").asText()).as(response.body()).isEqualTo(field);
  }
}
