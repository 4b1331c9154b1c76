package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log stream over a real orchestrator: replay after since, live entries, keep-alive, end, time bound. */
class LogStreamTest {
  private static final String GATE_ONLY = "{\"name\": \"gate-only\", \"nodes\": [{\"id\": \"approve\", "
      + "\"type\": \"human_gate\", \"inputs\": {\"message\": \"Go?\"}}], \"edges\": []}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
  private final WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
      .workflow(WorkflowJson.parse(GATE_ONLY)).configure(b -> b.listener(logs)).build();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void replaysTheEntriesAfterSinceThenEndsForAFinishedWorkOrder() throws Exception {
    WorkOrder waiting = env.run("Ship it");
    WorkOrder done = env.approve(waiting.id(), "approve");
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    Recording sink = new Recording();

    long last = streams(Duration.ofSeconds(5)).follow(done.id(), new LogQuery(100, 0, null, null, 2), sink);

    // the listeners may still be hearing the last events when approve returns: the stream waits for them
    int total = logs.entriesAfter(done.id(), env.orchestrator().stepHistory(done.id()), 0).size();
    assertEquals(total, last);
    assertEquals("status_changed", sink.entries.get(sink.entries.size() - 1).get("event").asText());
    assertEquals(total - 2, sink.entries.size());
    assertEquals(3L, sink.entries.get(0).get("sequence").asLong(), "the first entry after since=2");
    assertEquals("completed", sink.end.get("status").asText());
    assertEquals(total, sink.end.get("last_sequence").asLong());
  }

  @Test
  void sendsNewEntriesLiveWhileTheWorkOrderRunsAndEndsWithItsLastStatus() throws Exception {
    WorkOrder waiting = env.run("Ship it");
    Recording sink = new Recording();
    CompletableFuture<Long> stream = CompletableFuture.supplyAsync(() -> follow(streams(Duration.ofSeconds(30)),
        waiting, new LogQuery(100, 0, null, null, 0), sink));
    long before = waitFor(() -> sink.entries.size() > 0 && sink.keepAlives > 0, sink);

    env.approve(waiting.id(), "approve");

    long last = stream.get(20, TimeUnit.SECONDS);
    JsonNode final_ = sink.entries.get(sink.entries.size() - 1);
    assertTrue(sink.entries.size() > before, "entries recorded after the stream started reached it");
    assertEquals("status_changed", final_.get("event").asText());
    assertEquals("completed", final_.get("fields").get("status").asText());
    assertEquals("completed", sink.end.get("status").asText());
    assertEquals(final_.get("sequence").asLong(), last);
  }

  @Test
  void filtersByLevelAndStepAndStopsAtItsTimeBoundWithoutAnEnd() throws Exception {
    WorkOrder waiting = env.run("Ship it");
    Recording sink = new Recording();

    streams(Duration.ofMillis(300)).follow(waiting.id(), new LogQuery(100, 0, "error", null, 0), sink);

    assertEquals(List.of(), sink.entries, "nothing failed");
    assertTrue(sink.keepAlives >= 1, "a quiet stream gets keep-alives");
    assertEquals(null, sink.end, "the work order still waits: no end, the client reconnects");
  }

  private LogStream streams(Duration maxDuration) {
    return new LogStream(env.orchestrator(), logs, Duration.ofMillis(50), maxDuration);
  }

  private static long follow(LogStream streams, WorkOrder order, LogQuery query, Recording sink) {
    try {
      return streams.follow(order.id(), query, sink);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long waitFor(java.util.function.BooleanSupplier condition, Recording sink) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "the stream did not start");
      Thread.sleep(10);
    }
    return sink.entries.size();
  }

  private static final class Recording implements LogStream.Sink {
    final List<JsonNode> entries = new CopyOnWriteArrayList<>();
    volatile int keepAlives;
    volatile JsonNode end;

    @Override
    public void entry(long sequence, String json) throws IOException {
      JsonNode entry = JSON.readTree(json);
      assertEquals(sequence, entry.get("sequence").asLong());
      entries.add(entry);
    }

    @Override
    public void keepAlive() {
      keepAlives++;
    }

    @Override
    public void end(String json) throws IOException {
      end = JSON.readTree(json);
    }
  }
}
