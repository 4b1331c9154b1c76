package dev.awo.examples.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.examples.json.EventJson;
import dev.awo.examples.json.JsonRedaction;
import dev.awo.examples.json.WorkOrderJson;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link WorkOrderListener} keeping each work order's structured log: its orchestration events
 * (step started, history saved, status changed, save failed) and its agent's events, each with a
 * timestamp, a level, the event name, the step and the event's fields — redacted as they are
 * recorded. Bounded: at most {@value #MAX_ENTRIES_PER_WORK_ORDER} entries per work order (the
 * oldest go first) and {@value #MAX_WORK_ORDERS} work orders (the least recently written go first).
 *
 * <p>A work order this process never heard of (after a restart, or evicted) still has a log: one
 * {@code step_history_saved} entry per saved step, derived from its stored step history.
 *
 * <pre>{@code
 * WorkOrderLogs logs = new WorkOrderLogs();
 * WorkflowOrchestrator.builder().listener(logs)...
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class WorkOrderLogs implements WorkOrderListener {
  /** Entries kept per work order. */
  public static final int MAX_ENTRIES_PER_WORK_ORDER = 5_000;
  /** Work orders whose logs are kept. */
  public static final int MAX_WORK_ORDERS = 256;
  /** The levels, least severe first. */
  static final Set<String> LEVELS = Set.of("debug", "info", "warning", "error");

  private final Map<WorkOrderId, Deque<Entry>> logs = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<WorkOrderId, Deque<Entry>> eldest) {
      return size() > MAX_WORK_ORDERS;
    }
  };

  /** One log entry; {@code sequence} orders the entries of a work order (from 1). */
  public record Entry(long sequence, Instant timestamp, String level, String event, String step, ObjectNode fields) {
    ObjectNode json() {
      ObjectNode json = WorkOrderJson.MAPPER.createObjectNode().put("sequence", sequence)
          .put("timestamp", timestamp.toString()).put("level", level).put("event", event).put("step", step);
      json.set("fields", fields.deepCopy());
      return json;
    }
  }

  @Override
  public void onEvent(WorkOrderEvent event) {
    ObjectNode fields = (ObjectNode) JsonRedaction.redacted(EventJson.of(event));
    String step = fields.hasNonNull("step") ? fields.get("step").asText() : null;
    fields.remove(List.of("event", "agent_work_order_id", "timestamp", "step", "work_order"));
    synchronized (logs) {
      Deque<Entry> entries = logs.computeIfAbsent(event.workOrderId(), k -> new ArrayDeque<>());
      long sequence = entries.isEmpty() ? 1 : entries.peekLast().sequence() + 1;
      if (entries.size() >= MAX_ENTRIES_PER_WORK_ORDER) {
        entries.pollFirst();
      }
      entries.addLast(new Entry(sequence, event.timestamp(), level(event), event.name(), step, fields));
      logs.notifyAll();
    }
  }

  /** The entries of {@code id} as kept, or derived from {@code history} when none are. Oldest first. */
  List<Entry> entries(WorkOrderId id, StepHistory history) {
    synchronized (logs) {
      Deque<Entry> entries = logs.get(id);
      if (entries != null) {
        return List.copyOf(entries);
      }
    }
    List<Entry> derived = new ArrayList<>();
    for (StepResult result : history.results()) {
      ObjectNode fields = WorkOrderJson.MAPPER.createObjectNode().put("success", result.succeeded())
          .put("attempt", result.attempt()).put("derived_from", "step_history");
      fields.set("result", WorkOrderJson.step(result));
      derived.add(new Entry(derived.size() + 1L, result.startedAt().plus(result.duration()),
          result.failed() ? "error" : "info", "step_history_saved", result.step(),
          (ObjectNode) JsonRedaction.redacted(fields)));
    }
    return derived;
  }

  /** Waits up to {@code wait} for an entry of {@code id} after {@code sequence}; true when one is there. */
  boolean awaitAfter(WorkOrderId id, long sequence, java.time.Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (logs) {
      while (true) {
        Deque<Entry> entries = logs.get(id);
        if (entries != null && !entries.isEmpty() && entries.peekLast().sequence() > sequence) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(logs, left);
      }
    }
  }

  /** A page of {@code entries} matching {@code level} and {@code step} (either may be null) in the /logs shape. */
  static ObjectNode page(WorkOrderId id, List<Entry> entries, String level, String step, int limit, int offset) {
    List<Entry> matching = entries.stream()
        .filter(e -> level == null || e.level().equals(level))
        .filter(e -> step == null || step.equals(e.step())).toList();
    ObjectNode json = WorkOrderJson.MAPPER.createObjectNode().put("agent_work_order_id", id.value());
    ArrayNode page = json.putArray("log_entries");
    matching.stream().skip(offset).limit(limit).forEach(e -> page.add(e.json()));
    return json.put("total", matching.size()).put("limit", limit).put("offset", offset);
  }

  private static String level(WorkOrderEvent event) {
    if (event instanceof WorkOrderEvent.AgentEventReceived) {
      return "debug";
    }
    if (event instanceof WorkOrderEvent.SaveFailed) {
      return "error";
    }
    if (event instanceof WorkOrderEvent.HistorySaved saved) {
      return saved.result().failed() ? "warning" : "info";
    }
    if (event instanceof WorkOrderEvent.StatusChanged changed && changed.current() == WorkOrderStatus.FAILED) {
      return "error";
    }
    return "info";
  }
}
