package dev.awo.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkOrderListener} keeping each work order's structured log for {@code GET
 * /agent-work-orders/{id}/logs} and {@code /logs/stream}: its orchestration events (step started,
 * history saved, status changed, save failed) and its agent's events, each with a sequence, a
 * timestamp, a level, the event name, the step and the event's fields ({@link EventJson}) —
 * redacted ({@link JsonRedaction}) as they are recorded. Bounded: at most {@value
 * #MAX_ENTRIES_PER_WORK_ORDER} entries per work order (the oldest go first) and {@value
 * #MAX_WORK_ORDERS} work orders (the least recently written go first).
 *
 * <p>Levels: an agent event is {@code debug}; a failed save and a status change to failed are
 * {@code error}; a saved failed step is {@code warning}; everything else is {@code info}.
 *
 * <p>A work order the buffer never heard of (after a restart, or evicted) still has a log: one
 * {@code step_history_saved} entry per saved step, derived from its stored step history.
 *
 * <pre>{@code
 * WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
 * WorkflowOrchestrator.builder().listener(logs)...
 * ObjectNode page = logs.page(id, orchestrator.stepHistory(id), query);
 * }</pre>
 *
 * <p>This class is thread-safe: the orchestrator's listener threads write while request threads read.
 */
public final class WorkOrderLogBuffer implements WorkOrderListener {
  /** Entries kept per work order. */
  public static final int MAX_ENTRIES_PER_WORK_ORDER = 5_000;
  /** Work orders whose logs are kept. */
  public static final int MAX_WORK_ORDERS = 256;

  private final Map<WorkOrderId, Deque<Entry>> logs = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<WorkOrderId, Deque<Entry>> eldest) {
      return size() > MAX_WORK_ORDERS;
    }
  };

  /** An empty buffer. */
  public WorkOrderLogBuffer() {}

  /**
   * One log entry. Immutable and thread-safe: {@link #fields} is never handed out, only copies.
   *
   * @param sequence orders the entries of a work order, from 1
   * @param timestamp when the event happened
   * @param level debug, info, warning or error
   * @param event the event's name, e.g. {@code step_started}
   * @param step the step it concerns, or null
   * @param fields the event's other fields, redacted
   */
  public record Entry(long sequence, Instant timestamp, String level, String event, String step, ObjectNode fields) {
    /** Validates and copies the fields. */
    public Entry {
      if (sequence < 1) {
        throw new IllegalArgumentException("sequence starts at 1, got " + sequence);
      }
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(event, "event");
      fields = fields.deepCopy();
    }

    /** A copy of the event's fields. */
    @Override
    public ObjectNode fields() {
      return fields.deepCopy();
    }

    /** The {@code /logs} shape: {@code {sequence, timestamp, level, event, step, fields}}. */
    public ObjectNode json() {
      ObjectNode json = WorkOrderJson.object().put("sequence", sequence).put("timestamp", timestamp.toString())
          .put("level", level).put("event", event).put("step", step);
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

  /**
   * The entries of {@code id} after {@code sequence}, oldest first: as kept, or derived from {@code
   * history} when the buffer has none for it.
   */
  public List<Entry> entriesAfter(WorkOrderId id, StepHistory history, long sequence) {
    synchronized (logs) {
      Deque<Entry> entries = logs.get(id);
      if (entries != null) {
        List<Entry> after = new ArrayList<>();
        for (Iterator<Entry> newest = entries.descendingIterator(); newest.hasNext(); ) {
          Entry entry = newest.next();
          if (entry.sequence() <= sequence) {
            break;
          }
          after.add(entry);
        }
        Collections.reverse(after);
        return after;
      }
    }
    return derived(history).stream().filter(e -> e.sequence() > sequence).toList();
  }

  /**
   * A page of the log of {@code id} (kept, else derived from {@code history}) in the {@code /logs}
   * shape: {@code {agent_work_order_id, log_entries, total, limit, offset}}, {@code total} counting
   * the entries that match the query's level and step.
   */
  public ObjectNode page(WorkOrderId id, StepHistory history, LogQuery query) {
    List<Entry> matching = entriesAfter(id, history, 0).stream().filter(query::matches).toList();
    ObjectNode json = WorkOrderJson.object().put("agent_work_order_id", id.value());
    ArrayNode page = json.putArray("log_entries");
    matching.stream().skip(query.offset()).limit(query.limit()).forEach(e -> page.add(e.json()));
    return json.put("total", matching.size()).put("limit", query.limit()).put("offset", query.offset());
  }

  /**
   * Waits up to {@code wait} for an entry of {@code id} after {@code sequence}.
   *
   * @return true when there is one
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitAfter(WorkOrderId id, long sequence, Duration wait) throws InterruptedException {
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
        TimeUnit.NANOSECONDS.timedWait(logs, left);
      }
    }
  }

  /** Whether the buffer keeps entries of {@code id} (else its log is derived from the history). */
  boolean knows(WorkOrderId id) {
    synchronized (logs) {
      return logs.containsKey(id);
    }
  }

  private static List<Entry> derived(StepHistory history) {
    List<Entry> derived = new ArrayList<>();
    for (StepResult result : history.results()) {
      ObjectNode fields = WorkOrderJson.object().put("success", result.succeeded())
          .put("attempt", result.attempt()).put("derived_from", "step_history");
      fields.set("result", WorkOrderJson.step(result));
      derived.add(new Entry(derived.size() + 1L, result.startedAt().plus(result.duration()),
          result.failed() ? "warning" : "info", "step_history_saved", result.step(),
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
