package dev.awo.http;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /agent-work-orders/{id}/logs/stream} sends, whatever the server: the log entries
 * after the query's {@code since} that match its level and step, then each new one as the {@link
 * WorkOrderLogBuffer} records it (no polling: the buffer wakes the stream), a keep-alive while
 * quiet, and an {@code end} once the work order has ended and every entry is sent (its final
 * {@code status_changed} included: the stream waits up to 5 s for the listeners to hear it). A host hands
 * {@link #follow} a {@link Sink} that writes server-sent events ({@code id:} = the entry's
 * sequence, so a reconnecting {@code EventSource} resumes with {@code Last-Event-ID}).
 *
 * <p>Bounded in time: after {@code maxDuration} the stream returns without {@code end}, and the
 * client reconnects from its last id. A sink that throws (the client went away) ends it at once.
 *
 * <pre>{@code
 * LogStream streams = new LogStream(orchestrator, logs, Duration.ofSeconds(15), Duration.ofMinutes(30));
 * streams.follow(id, query, sink);   // on a thread that may block until the work order ends
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; each {@link #follow} call blocks its own thread.
 */
public final class LogStream {
  /** How long an ended work order's stream waits for the listeners to hear its last status. */
  private static final Duration END_GRACE = Duration.ofSeconds(5);

  private final WorkflowOrchestrator orchestrator;
  private final WorkOrderLogBuffer logs;
  private final Duration keepAlive;
  private final Duration maxDuration;

  /**
   * Where a stream's frames go, in order, from one thread.
   *
   * <p>Implementations need not be thread-safe: {@link #follow} calls one sink from one thread.
   */
  public interface Sink {
    /** Sends event {@code log_entry} with id {@code sequence} and the entry's redacted JSON. */
    void entry(long sequence, String json) throws IOException;

    /** Sends a comment ({@code : keep-alive}) so that no idle timeout cuts a quiet stream. */
    void keepAlive() throws IOException;

    /** Sends event {@code end}: {@code {"agent_work_order_id", "last_sequence", "status"}}. */
    void end(String json) throws IOException;
  }

  /**
   * Streams of {@code logs}, over {@code orchestrator}'s work orders.
   *
   * @param keepAlive the longest quiet time before a keep-alive, positive
   * @param maxDuration the longest a stream lasts, positive
   */
  public LogStream(WorkflowOrchestrator orchestrator, WorkOrderLogBuffer logs, Duration keepAlive,
      Duration maxDuration) {
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
    this.logs = Objects.requireNonNull(logs, "logs");
    this.keepAlive = positive(keepAlive, "keepAlive");
    this.maxDuration = positive(maxDuration, "maxDuration");
  }

  /**
   * Sends {@code id}'s log to {@code sink} until the work order has ended (then {@link Sink#end}),
   * the time bound passes or the sink throws.
   *
   * @return the sequence of the last entry sent or passed over
   * @throws IOException from the sink: the client went away
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public long follow(WorkOrderId id, LogQuery query, Sink sink) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + maxDuration.toNanos();
    long sent = query.since();
    boolean heardEnd = false;
    while (true) {
      Optional<WorkOrder> order = orchestrator.workOrder(id);
      boolean ended = order.map(o -> o.status().isTerminal()).orElse(true);
      for (WorkOrderLogBuffer.Entry entry : logs.entriesAfter(id, orchestrator.stepHistory(id), sent)) {
        sent = entry.sequence();
        heardEnd |= isTerminalStatus(entry);
        if (query.matches(entry)) {
          sink.entry(entry.sequence(), JsonRedaction.redacted(entry.json()).toString());
        }
      }
      if (ended && !heardEnd && logs.knows(id)) {
        // the store says ended; the listeners hear it a moment later: wait (bounded) for that entry
        deadline = Math.min(deadline, System.nanoTime() + END_GRACE.toNanos());
        heardEnd = deadline - System.nanoTime() <= 0;
      }
      if (ended && (heardEnd || !logs.knows(id))) {
        sink.end(WorkOrderJson.object().put("agent_work_order_id", id.value()).put("last_sequence", sent)
            .put("status", order.map(o -> o.status().wireName()).orElse("unknown")).toString());
        return sent;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return sent;
      }
      if (!logs.awaitAfter(id, sent, Duration.ofNanos(Math.min(left, keepAlive.toNanos())))) {
        sink.keepAlive();
      }
    }
  }

  private static boolean isTerminalStatus(WorkOrderLogBuffer.Entry entry) {
    if (!entry.event().equals("status_changed")) {
      return false;
    }
    String status = entry.fields().path("status").asText("");
    return Arrays.stream(WorkOrderStatus.values()).anyMatch(s -> s.isTerminal() && s.wireName().equals(status));
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }
}
