package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's live activity on the event stream of the example host. */
@Timeout(60)
class LiveAgentFeedTest {
  @TempDir Path dir;
  private ServerFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @DisplayName("agent events stream with their step and attempt, in order between the step's step_started and its step_history_saved, redacted")
  void agentEventsArriveInOrderInsideTheirStep() throws Exception {
    CountDownLatch watching = new CountDownLatch(1);
    fixture = new ServerFixture(dir, false, UnaryOperator.identity(), agent -> (request, events) -> {
      try {
        if (!watching.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never subscribed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ToolUsingAgent(agent, Duration.ZERO).execute(request, events);
    }, builder -> {});
    String id = fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}")
        .json().get("agent_work_order_id").asText();

    List<HttpTestClient.Event> seen = new ArrayList<>();
    String running;
    try (HttpTestClient.Events events = fixture.http.events("/agent-work-orders/" + id + "/events")) {
      HttpTestClient.Event snapshot = events.next();
      assertEquals("snapshot", snapshot.name());
      // when the first step started before this client subscribed, the snapshot names it
      JsonNode current = snapshot.data().get("work_order").get("current_step");
      running = current.isNull() ? null : current.asText();
      watching.countDown();
      List<Long> delays = new ArrayList<>();
      for (HttpTestClient.Event e = events.next(); e != null; e = events.next()) {
        seen.add(e);
        if (e.name().equals("agent_event")) { // publish time (server clock) to receipt here, for the note; no assertion
          delays.add(Duration.between(java.time.Instant.parse(e.data().get("timestamp").asText()), java.time.Instant.now()).toMillis());
        }
      }
      java.util.Collections.sort(delays);
      System.out.println("agent_event delivery over SSE: n=" + delays.size() + ", min " + delays.get(0) + " ms, median " + delays.get(delays.size() / 2)
          + " ms, max " + delays.get(delays.size() - 1) + " ms");
    }

    int attempt = 1;
    Map<String, List<String>> activity = new LinkedHashMap<>();
    if (running != null) {
      activity.put(running, new ArrayList<>());
    }
    for (HttpTestClient.Event e : seen) {
      assertFalse(e.data().toString().contains(ToolUsingAgent.PLANTED_TOKEN), "a planted token reached the stream: " + e);
      JsonNode data = e.data();
      switch (e.name()) {
        case "step_started" -> {
          // the snapshot may name a step whose step_started was still on its way to the listeners
          boolean announcedBySnapshot = running != null && running.equals(data.get("step").asText())
              && activity.get(running).isEmpty();
          assertTrue(running == null || announcedBySnapshot, "a step started while " + running + " still ran");
          running = data.get("step").asText();
          attempt = data.get("attempt").asInt();
          if (running != null) {
      activity.put(running, new ArrayList<>());
    }
        }
        case "agent_event" -> {
          assertNotNull(running, "an agent event outside any step: " + data);
          assertEquals(running, data.get("step").asText(), "the agent event names the running step");
          assertEquals(attempt, data.get("attempt").asInt(), "the agent event names the running attempt");
          assertEquals(id, data.get("agent_work_order_id").asText());
          String type = data.get("type").asText();
          activity.get(running).add(type.equals("tool_use") ? "tool_use:" + data.get("tool").asText() : type);
        }
        case "step_history_saved" -> {
          assertEquals(running, data.get("step").asText(), "the save closes the step that ran");
          running = null;
        }
        default -> { }
      }
    }
    assertEquals(List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr"),
        List.copyOf(activity.keySet()));
    for (Map.Entry<String, List<String>> step : activity.entrySet()) {
      assertEquals(List.of("assistant_text", "tool_use:Read", "tool_result", "tool_use:Grep", "tool_result",
          "tool_use:Bash", "tool_result", "init", "assistant_text"), step.getValue(),
          "the agent's events of " + step.getKey() + ", in the order it reported them");
    }
    assertTrue(seen.stream().anyMatch(e -> e.name().equals("agent_event") && e.data().path("input").asText()
        .contains("GH_TOKEN=***")), "the token in the tool input was replaced, not dropped: " + seen);
  }

  @Test
  @DisplayName("with follow_up=true an ended work order's stream stays open for the prompt, streams its agent events and ends after its result is saved")
  void followUpStream() throws Exception {
    fixture = new ServerFixture(dir, false, UnaryOperator.identity(),
        agent -> (request, events) -> new ToolUsingAgent(agent, Duration.ZERO).execute(request, events), builder -> {});
    String id = fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}")
        .json().get("agent_work_order_id").asText();
    fixture.orchestrator.completion(dev.awo.domain.WorkOrderId.of(id)).get(20, TimeUnit.SECONDS);
    try (HttpTestClient.Events plain = fixture.http.events("/agent-work-orders/" + id + "/events")) {
      assertEquals("snapshot", plain.next().name());
      assertEquals(null, plain.next(), "without follow_up the stream of an ended work order ends after its snapshot");
    }
    assertEquals(400, fixture.http.get("/agent-work-orders/" + id + "/events?follow_up=yes").status());

    List<String> names = new ArrayList<>();
    try (HttpTestClient.Events events = fixture.http.events("/agent-work-orders/" + id + "/events?follow_up=true")) {
      assertEquals("snapshot", events.next().name());
      HttpTestClient.Response answer = fixture.http.post("/agent-work-orders/" + id + "/prompt", "{\"prompt\": \"And the README\"}");
      assertEquals(200, answer.status(), answer.body());
      for (HttpTestClient.Event e = events.next(); e != null; e = events.next()) {
        names.add(e.name() + (e.name().equals("agent_event") ? ":" + e.data().get("type").asText() : ""));
      }
    }
    assertEquals("step_started", names.get(0), names.toString());
    assertEquals("step_history_saved", names.get(names.size() - 1), "the stream ends with the prompt's result: " + names);
    assertTrue(names.contains("agent_event:tool_use"), names.toString());
  }
}
