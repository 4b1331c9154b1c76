package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.event.WorkOrderEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-work-order log buffer: levels, redaction, bounds. */
class WorkOrderLogsTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-1a2b3c4d");
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

  @Test
  void agentEventsAreDebugEntriesWithTheirStepAndFieldsAndCredentialsRedacted() {
    WorkOrderLogs logs = new WorkOrderLogs();
    logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, "plan", 1, 2, 7));
    logs.onEvent(new WorkOrderEvent.AgentEventReceived(ID, T, "plan",
        new AgentEvent.AssistantText("m1", "use the token " + TOKEN + " to push")));
    List<WorkOrderLogs.Entry> entries = logs.entries(ID, StepHistory.empty(ID));
    assertEquals(2, entries.size());
    assertEquals("info", entries.get(0).level());
    assertEquals("step_started", entries.get(0).event());
    assertEquals(7, entries.get(0).fields().get("total").asInt());
    WorkOrderLogs.Entry agent = entries.get(1);
    assertEquals(List.of(2L, "debug", "agent_event", "plan"),
        List.of(agent.sequence(), agent.level(), agent.event(), agent.step()));
    String json = WorkOrderLogs.page(ID, entries, null, null, 100, 0).toString();
    assertFalse(json.contains(TOKEN), json);
    assertTrue(json.contains("use the token"), json);
  }

  @Test
  void aWorkOrderKeepsOnlyItsNewestEntriesUpToTheBound() {
    WorkOrderLogs logs = new WorkOrderLogs();
    int extra = 10;
    for (int i = 0; i < WorkOrderLogs.MAX_ENTRIES_PER_WORK_ORDER + extra; i++) {
      logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, "plan", i + 1, 2, 7));
    }
    List<WorkOrderLogs.Entry> entries = logs.entries(ID, StepHistory.empty(ID));
    assertEquals(WorkOrderLogs.MAX_ENTRIES_PER_WORK_ORDER, entries.size());
    assertEquals(extra + 1, entries.get(0).sequence(), "the oldest went first; sequences keep counting");
  }

  @Test
  void onlyTheMostRecentlyWrittenWorkOrdersAreKept() {
    WorkOrderLogs logs = new WorkOrderLogs();
    for (int i = 0; i <= WorkOrderLogs.MAX_WORK_ORDERS; i++) {
      WorkOrderId id = WorkOrderId.of(String.format("wo-%08x", i));
      logs.onEvent(new WorkOrderEvent.StepStarted(id, T, "plan", 1, 1, 7));
    }
    assertTrue(logs.entries(WorkOrderId.of("wo-00000000"), StepHistory.empty(WorkOrderId.of("wo-00000000"))).isEmpty(),
        "the least recently written work order's buffer was dropped (its log now comes from the step history)");
    WorkOrderId newest = WorkOrderId.of(String.format("wo-%08x", WorkOrderLogs.MAX_WORK_ORDERS));
    assertEquals(1, logs.entries(newest, StepHistory.empty(newest)).size());
  }
}
