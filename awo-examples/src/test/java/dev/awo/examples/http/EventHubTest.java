package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.event.WorkOrderEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventHubTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-00000001");
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static WorkOrderEvent.HistorySaved saved(int version) {
    StepHistory h = StepHistory.empty(ID);
    StepResult r = null;
    for (int i = 0; i < version; i++) {
      r = StepResult.builder("s" + i, T0).succeeded("ok").build();
      h = h.append(r);
    }
    return new WorkOrderEvent.HistorySaved(ID, T0, h, r);
  }

  @Test
  @Timeout(10)
  @DisplayName("a client that never reads does not hold up the run: it is cut off once it falls a queue behind")
  void slowClientIsDisconnectedNotWaitedFor() throws Exception {
    EventHub hub = new EventHub();
    EventHub.Subscription slow = hub.subscribe(ID);
    EventHub.Subscription fast = hub.subscribe(ID);
    for (int v = 1; v <= EventHub.QUEUE_CAPACITY + 50; v++) {
      hub.onEvent(saved(v)); // never blocks, whatever the clients do
      if (fast.next(Duration.ofSeconds(1)) == null) {
        throw new AssertionError("the reading client missed save " + v);
      }
    }
    assertTrue(slow.overflowed());
    assertEquals(1, hub.subscriberCount(ID), "only the reading client is still subscribed");
    int queued = 0;
    EventHub.Frame frame;
    while (!(frame = slow.next(Duration.ofSeconds(1))).name().equals("closed")) {
      queued++;
    }
    assertEquals(EventHub.QUEUE_CAPACITY, queued, "the slow client keeps what was queued, then sees the end");
    assertTrue(!fast.overflowed());
  }

  @Test
  @DisplayName("events of other work orders are not sent to a subscription; its own agent events are, with their step's attempt")
  void onlyOwnEvents() throws Exception {
    EventHub hub = new EventHub();
    try (EventHub.Subscription s = hub.subscribe(ID)) {
      hub.onEvent(new WorkOrderEvent.HistorySaved(WorkOrderId.of("wo-00000002"), T0, saved(1).snapshot(),
          saved(1).result()));
      hub.onEvent(new WorkOrderEvent.StepStarted(ID, T0, "plan", 2, 2, 7));
      hub.onEvent(new WorkOrderEvent.AgentEventReceived(ID, T0, "plan",
          new dev.awo.spi.agent.AgentEvent.AssistantText("m", "thinking")));
      hub.onEvent(new WorkOrderEvent.AgentEventReceived(WorkOrderId.of("wo-00000002"), T0, "plan",
          new dev.awo.spi.agent.AgentEvent.AssistantText("m", "elsewhere")));
      hub.onEvent(saved(1));
      assertEquals("step_started", s.next(Duration.ofSeconds(1)).name());
      EventHub.Frame agent = s.next(Duration.ofSeconds(1));
      assertEquals("agent_event", agent.name());
      assertTrue(agent.json().contains("\"attempt\":2") && agent.json().contains("\"text\":\"thinking\""), agent.json());
      assertEquals("step_history_saved", s.next(Duration.ofSeconds(1)).name());
      assertEquals(null, s.next(Duration.ofMillis(50)));
    }
    assertEquals(0, hub.subscriberCount(ID));
  }
}
