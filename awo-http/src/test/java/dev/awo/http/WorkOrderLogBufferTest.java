package dev.awo.http;

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
class WorkOrderLogBufferTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-1a2b3c4d");
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

  @Test
  void agentEventsAreDebugEntriesWithTheirStepAndFieldsAndCredentialsRedacted() {
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, "plan", 1, 2, 7));
    logs.onEvent(new WorkOrderEvent.AgentEventReceived(ID, T, "plan",
        new AgentEvent.AssistantText("m1", "use the token " + TOKEN + " to push")));
    List<WorkOrderLogBuffer.Entry> entries = logs.entriesAfter(ID, StepHistory.empty(ID), 0);
    assertEquals(2, entries.size());
    assertEquals("info", entries.get(0).level());
    assertEquals("step_started", entries.get(0).event());
    assertEquals(7, entries.get(0).fields().get("total").asInt());
    WorkOrderLogBuffer.Entry agent = entries.get(1);
    assertEquals(List.of(2L, "debug", "agent_event", "plan"),
        List.of(agent.sequence(), agent.level(), agent.event(), agent.step()));
    String json = logs.page(ID, StepHistory.empty(ID), new LogQuery(100, 0, null, null, 0)).toString();
    assertFalse(json.contains(TOKEN), json);
    assertTrue(json.contains("use the token"), json);
  }

  @Test
  void aWorkOrderKeepsOnlyItsNewestEntriesUpToTheBound() {
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    int extra = 10;
    for (int i = 0; i < WorkOrderLogBuffer.MAX_ENTRIES_PER_WORK_ORDER + extra; i++) {
      logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, "plan", i + 1, 2, 7));
    }
    List<WorkOrderLogBuffer.Entry> entries = logs.entriesAfter(ID, StepHistory.empty(ID), 0);
    assertEquals(WorkOrderLogBuffer.MAX_ENTRIES_PER_WORK_ORDER, entries.size());
    assertEquals(extra + 1, entries.get(0).sequence(), "the oldest went first; sequences keep counting");
  }

  @Test
  void onlyTheMostRecentlyWrittenWorkOrdersAreKept() {
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    for (int i = 0; i <= WorkOrderLogBuffer.MAX_WORK_ORDERS; i++) {
      WorkOrderId id = WorkOrderId.of(String.format("wo-%08x", i));
      logs.onEvent(new WorkOrderEvent.StepStarted(id, T, "plan", 1, 1, 7));
    }
    assertTrue(logs.entriesAfter(WorkOrderId.of("wo-00000000"), StepHistory.empty(WorkOrderId.of("wo-00000000")), 0).isEmpty(),
        "the least recently written work order's buffer was dropped (its log now comes from the step history)");
    WorkOrderId newest = WorkOrderId.of(String.format("wo-%08x", WorkOrderLogBuffer.MAX_WORK_ORDERS));
    assertEquals(1, logs.entriesAfter(newest, StepHistory.empty(newest), 0).size());
  }

  @Test
  void pagesFilterByLevelAndStepAndCountTheMatches() {
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    for (String step : List.of("plan", "implement", "plan")) {
      logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, step, 1, 2, 7));
      logs.onEvent(new WorkOrderEvent.AgentEventReceived(ID, T, step, new AgentEvent.AssistantText("m", "hi")));
    }
    StepHistory none = StepHistory.empty(ID);
    var page = logs.page(ID, none, new LogQuery(2, 1, null, null, 0));
    assertEquals(6, page.get("total").asInt());
    assertEquals(2, page.get("log_entries").size());
    assertEquals(2, page.get("log_entries").get(0).get("sequence").asInt());
    assertEquals(2, logs.page(ID, none, new LogQuery(100, 0, null, "plan", 0)).get("total").asInt() / 2);
    assertEquals(3, logs.page(ID, none, new LogQuery(100, 0, "debug", null, 0)).get("total").asInt());
    assertEquals(0, logs.page(ID, none, new LogQuery(100, 9, null, null, 0)).get("log_entries").size());
    assertEquals(List.of(5L, 6L), logs.entriesAfter(ID, none, 4).stream().map(WorkOrderLogBuffer.Entry::sequence).toList());
  }

  @Test
  void aWorkOrderTheBufferNeverHeardOfHasOneEntryPerSavedStep() {
    StepHistory history = StepHistory.empty(ID)
        .append(dev.awo.domain.StepResult.builder("classify", T).succeeded("feature").build())
        .append(dev.awo.domain.StepResult.builder("plan", T).failed("no plan").build());
    List<WorkOrderLogBuffer.Entry> derived = new WorkOrderLogBuffer().entriesAfter(ID, history, 0);
    assertEquals(List.of("classify", "plan"), derived.stream().map(WorkOrderLogBuffer.Entry::step).toList());
    assertEquals(List.of("info", "warning"), derived.stream().map(WorkOrderLogBuffer.Entry::level).toList(),
        "a failed step has the level it had live");
    assertEquals("step_history", derived.get(0).fields().get("derived_from").asText());
  }

  @Test
  void awaitAfterWakesWhenAnEntryArrivesAndTimesOutOtherwise() throws Exception {
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    assertFalse(logs.awaitAfter(ID, 0, java.time.Duration.ofMillis(20)));
    Thread writer = new Thread(() -> logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, "plan", 1, 2, 7)));
    writer.start();
    assertTrue(logs.awaitAfter(ID, 0, java.time.Duration.ofSeconds(20)));
    writer.join(20_000);
  }

  @Test
  void anEntryHandsOutOnlyCopiesOfItsFields() {
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    logs.onEvent(new WorkOrderEvent.StepStarted(ID, T, "plan", 1, 2, 7));
    logs.entriesAfter(ID, StepHistory.empty(ID), 0).get(0).fields().put("total", 99);
    assertEquals(7, logs.entriesAfter(ID, StepHistory.empty(ID), 0).get(0).fields().get("total").asInt());
  }
}
