package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.event.WorkOrderEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentEventAttemptsTest {
  private static final WorkOrderId A = WorkOrderId.of("wo-0000000a");
  private static final WorkOrderId B = WorkOrderId.of("wo-0000000b");
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private static WorkOrderEvent agent(WorkOrderId id) {
    return new WorkOrderEvent.AgentEventReceived(id, T, "implement", new AgentEvent.AssistantText("m", "hi"));
  }

  @Test
  void anAgentEventBelongsToTheAttemptOfTheLastStepStartedOfItsWorkOrder() {
    AgentEventAttempts attempts = new AgentEventAttempts();
    assertEquals(1, attempts.hear(agent(A)), "no step_started heard: attempt 1");
    attempts.hear(new WorkOrderEvent.StepStarted(A, T, "implement", 3, 5, 7));
    attempts.hear(new WorkOrderEvent.StepStarted(B, T, "plan", 2, 2, 7));
    assertEquals(3, attempts.hear(agent(A)));
    assertEquals(2, attempts.hear(agent(B)));
    StepResult saved = StepResult.builder("implement", T).attempt(3).succeeded("ok").build();
    attempts.hear(new WorkOrderEvent.HistorySaved(A, T, StepHistory.empty(A).append(saved), saved));
    assertEquals(1, attempts.size(), "A's entry dropped at its save");
    assertEquals(2, attempts.hear(agent(B)));
    assertEquals(2, EventJson.of(agent(B), 2).get("attempt").asInt());
    assertFalse(EventJson.of(new WorkOrderEvent.StepStarted(B, T, "plan", 2, 2, 7), 9).get("attempt").asInt() == 9,
        "only agent events take the given attempt");
  }

  @Test
  void followUpQuery() {
    assertFalse(EventStreamQuery.parse(null).followUp());
    assertFalse(EventStreamQuery.parse("false").followUp());
    assertTrue(EventStreamQuery.parse("true").followUp());
    ApiProblem bad = org.junit.jupiter.api.Assertions.assertThrows(ApiProblem.class, () -> EventStreamQuery.parse("yes"));
    assertEquals(400, bad.status());
    assertEquals("follow_up", bad.field());
    assertTrue(EventStreamQuery.endsStream(false, "status_changed", true));
    assertFalse(EventStreamQuery.endsStream(false, "step_history_saved", false));
    assertTrue(EventStreamQuery.endsStream(true, "step_history_saved", false));
  }
}
