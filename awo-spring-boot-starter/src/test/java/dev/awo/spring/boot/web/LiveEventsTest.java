package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the live page needs from the starter's {@code /events}, as the example host answers it: the
 * agent's live output as {@code agent_event} (step and attempt, inside its step), and {@code
 * ?follow_up=true} keeping an ended work order's stream open for a follow-up prompt.
 */
@SpringBootTest(classes = ScriptedWebApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awo.web.enabled=true", "awo.github.enabled=false", "awo.workflows.locations=classpath:awo/gated/",
        "awo.sandbox.retention=keep"})
class LiveEventsTest {
  @LocalServerPort int port;
  private StarterHttp http;

  @BeforeEach
  void client() {
    http = new StarterHttp(port);
  }

  @Test
  void agentEventsArriveInsideTheirStepWithItsAttempt() throws Exception {
    String order = http.waitingAtTheGate();
    CountDownLatch snapshot = new CountDownLatch(1);
    CompletableFuture<StarterHttp.Stream> stream = streamAsync(order + "/events", snapshot);
    assertThat(snapshot.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(http.post(order + "/approve", "{\"node\": \"approve\"}").statusCode()).isEqualTo(202);

    List<Frame> frames = frames(stream.get(60, TimeUnit.SECONDS));
    assertThat(frames.get(frames.size() - 1).name()).as("ends with the terminal status").isEqualTo("status_changed");
    List<String> agentSteps = new ArrayList<>();
    String running = null;
    int attempt = 0;
    for (Frame frame : frames) {
      switch (frame.name()) {
        case "step_started" -> {
          running = frame.data().get("step").asText();
          attempt = frame.data().get("attempt").asInt();
        }
        case "agent_event" -> {
          assertThat(frame.data().get("step").asText()).as("inside its step: " + frame.data()).isEqualTo(running);
          assertThat(frame.data().get("attempt").asInt()).isEqualTo(attempt);
          assertThat(frame.data().get("type").asText()).isNotBlank();
          agentSteps.add(running);
        }
        case "step_history_saved" -> running = null;
        default -> { }
      }
    }
    assertThat(agentSteps).as("the scripted agent streams one text per step after the gate").isNotEmpty()
        .doesNotHaveDuplicates();
  }

  @Test
  void followUpKeepsAnEndedWorkOrdersStreamOpenUntilThePromptsResultIsSaved() throws Exception {
    String order = http.waitingAtTheGate();
    http.post(order + "/approve", "{\"node\": \"approve\"}");
    http.await(order, o -> o.path("status").asText().equals("completed"));
    assertThat(http.get(order + "/events?follow_up=yes").statusCode()).isEqualTo(400);
    assertThat(http.get(order + "/events?follow_up=yes", "Accept", "text/event-stream").statusCode()).isEqualTo(400);
    assertThat(frames(http.stream(order + "/events", line -> { }))).extracting(Frame::name)
        .as("without follow_up an ended work order's stream ends after the snapshot").containsExactly("snapshot");

    CountDownLatch snapshot = new CountDownLatch(1);
    CompletableFuture<StarterHttp.Stream> stream = streamAsync(order + "/events?follow_up=true", snapshot);
    assertThat(snapshot.await(30, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> prompt = http.post(order + "/prompt", "{\"prompt\": \"add a changelog entry\"}");
    assertThat(prompt.statusCode()).as(prompt.body()).isEqualTo(200);

    List<Frame> frames = frames(stream.get(60, TimeUnit.SECONDS));
    assertThat(frames).extracting(Frame::name).containsExactly("snapshot", "step_started", "agent_event",
        "step_history_saved");
    String step = frames.get(1).data().get("step").asText();
    assertThat(frames.get(2).data().get("step").asText()).isEqualTo(step);
    assertThat(frames.get(3).data().at("/result/token_usage/total_tokens").asInt()).isEqualTo(150);
  }

  private record Frame(String name, JsonNode data) {}

  private static List<Frame> frames(StarterHttp.Stream stream) throws Exception {
    List<Frame> frames = new ArrayList<>();
    List<String> lines = stream.lines();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("event:")) {
        frames.add(new Frame(lines.get(i).substring("event:".length()),
            StarterHttp.JSON.readTree(lines.get(i + 1).substring("data:".length()))));
      }
    }
    return frames;
  }

  private CompletableFuture<StarterHttp.Stream> streamAsync(String path, CountDownLatch snapshot) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return http.stream(path, line -> {
          if (line.equals("event:snapshot")) {
            snapshot.countDown();
          }
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
