package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
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
 * The listener bean behind {@code GET /agent-work-orders/{id}/logs}: each work order's structured
 * log — its orchestration events (step started, history saved, status changed, save failed) and its
 * agent's events, each with a timestamp, a level, the event name, the step and the event's fields,
 * redacted as they are recorded. Bounded: at most {@value #MAX_ENTRIES_PER_WORK_ORDER} entries per
 * work order (the oldest go first) and {@value #MAX_WORK_ORDERS} work orders (the least recently
 * written go first). A work order the buffer does not know (after a restart, or evicted) still has a
 * log: one {@code step_history_saved} entry per saved step, derived from its stored history. The
 * same behaviour as the example host's {@code WorkOrderLogs}.
 *
 * <p>This class is thread-safe.
 */
public final class WorkOrderLogBuffer implements WorkOrderListener {
  /** Entries kept per work order. */
  public static final int MAX_ENTRIES_PER_WORK_ORDER = 5_000;
  /** Work orders whose logs are kept. */
  public static final int MAX_WORK_ORDERS = 256;
  static final Set<String> LEVELS = Set.of("debug", "info", "warning", "error");

  private final Map<WorkOrderId, Deque<Entry>> logs = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<WorkOrderId, Deque<Entry>> eldest) {
      return size() > MAX_WORK_ORDERS;
    }
  };

  /** Creates an empty buffer. */
  public WorkOrderLogBuffer() {}

  private record Entry(long sequence, Instant timestamp, String level, String event, String step, ObjectNode fields) {
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
    }
  }

  /** A page of the log of {@code id} (from the buffer, else derived from {@code history}) in the /logs shape. */
  ObjectNode page(WorkOrderId id, StepHistory history, LogQuery query) {
    List<Entry> matching = entries(id, history).stream()
        .filter(e -> query.level() == null || e.level().equals(query.level()))
        .filter(e -> query.step() == null || query.step().equals(e.step())).toList();
    ObjectNode json = WorkOrderJson.MAPPER.createObjectNode().put("agent_work_order_id", id.value());
    ArrayNode page = json.putArray("log_entries");
    matching.stream().skip(query.offset()).limit(query.limit()).forEach(e -> page.add(e.json()));
    return json.put("total", matching.size()).put("limit", query.limit()).put("offset", query.offset());
  }

  private List<Entry> entries(WorkOrderId id, StepHistory history) {
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
