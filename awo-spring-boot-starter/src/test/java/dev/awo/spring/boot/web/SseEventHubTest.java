package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.event.WorkOrderEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class SseEventHubTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");

  @Test
  void eventsWaitForTheSnapshotAndAClientTooFarBehindGetsOverflowAndItsStreamEnds() throws Exception {
    try (SseEventHub hub = new SseEventHub()) {
      Recording emitter = new Recording();
      SseEventHub.Subscription subscription = hub.subscribe(ID, emitter);
      for (int i = 0; i < SseEventHub.QUEUE_CAPACITY + 10; i++) {
        hub.onEvent(new WorkOrderEvent.StepStarted(ID, Instant.EPOCH, "step" + i, 1, i + 1, 300));
      }
      assertThat(emitter.sent).as("nothing before the snapshot").isEmpty();
      assertThat(hub.clientCount(ID)).as("an overflowing client is dropped from the hub").isZero();
      SseEventHub.send(emitter, "snapshot", "{}");
      subscription.open(false);
      assertThat(emitter.completed.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(emitter.sent).hasSize(SseEventHub.QUEUE_CAPACITY + 2);
      assertThat(emitter.sent.get(0)).contains("event:snapshot");
      assertThat(emitter.sent.get(1)).contains("event:step_started").contains("\"step\":\"step0\"");
      assertThat(emitter.sent.get(emitter.sent.size() - 1)).contains("event:overflow");
    }
  }

  @Test
  void agentOutputIsForwardedWithItsStepsAttemptRedactedAndAFollowUpStreamEndsAtTheSave() throws Exception {
    try (SseEventHub hub = new SseEventHub()) {
      Recording emitter = new Recording();
      hub.subscribe(ID, emitter).open(true);
      hub.onEvent(new WorkOrderEvent.StepStarted(ID, Instant.EPOCH, "plan", 2, 1, 1));
      hub.onEvent(new WorkOrderEvent.AgentEventReceived(ID, Instant.EPOCH, "plan",
          new AgentEvent.ToolUse("m1", "t1", "Bash", "{\"command\": \"GH_TOKEN=ghp_" + "a".repeat(36) + " gh pr list\"}")));
      StepResult plan = StepResult.builder("plan", Instant.EPOCH).attempt(2).succeeded("ok").build();
      hub.onEvent(new WorkOrderEvent.HistorySaved(ID, Instant.EPOCH, StepHistory.empty(ID).append(plan), plan));
      hub.onEvent(new WorkOrderEvent.AgentEventReceived(ID, Instant.EPOCH, "plan",
          new AgentEvent.AssistantText("m1", "after the save")));
      assertThat(emitter.completed.await(30, TimeUnit.SECONDS)).as("the follow-up stream ends at the save").isTrue();
      assertThat(emitter.sent).hasSize(3);
      assertThat(emitter.sent.get(1)).contains("event:agent_event").contains("\"step\":\"plan\"")
          .contains("\"attempt\":2").contains("\"tool\":\"Bash\"").doesNotContain("ghp_");
      assertThat(emitter.sent.get(2)).contains("event:step_history_saved");
    }
  }

  @Test
  void anIdleOpenStreamGetsKeepAliveComments() throws Exception {
    try (SseEventHub hub = new SseEventHub(Duration.ofMillis(20))) {
      Recording emitter = new Recording();
      hub.subscribe(ID, emitter).open(false);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (emitter.sent.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(emitter.sent).isNotEmpty();
      assertThat(emitter.sent.get(0)).contains(":keep-alive");
      assertThat(hub.clientCount(ID)).isEqualTo(1);
    }
  }

  /** Records what would go to the client, as the text of each event. */
  private static final class Recording extends SseEmitter {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch completed = new CountDownLatch(1);

    @Override
    public void send(SseEventBuilder builder) throws IOException {
      StringBuilder text = new StringBuilder();
      builder.build().forEach(part -> text.append(part.getData()));
      sent.add(text.toString());
    }

    @Override
    public void complete() {
      completed.countDown();
    }
  }
}
