package dev.awo.examples.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.http.ApiProblem;
import dev.awo.http.EventStreamQuery;
import dev.awo.http.JsonRedaction;
import dev.awo.http.LogQuery;
import dev.awo.http.LogStream;
import dev.awo.http.WorkOrderJson;
import dev.awo.http.WorkOrderLogBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server-sent event streams: at most a fixed number at once (each holds a thread while it
 * waits for events; more get a 503), a comment every keep-alive interval so the idle timeout never
 * cuts a quiet stream, and every frame redacted like any other answer. Thread-safe.
 */
final class EventStreams {
  /** The longest a log stream lasts; a client reconnects with its Last-Event-ID after it. */
  private static final Duration MAX_STREAM_DURATION = Duration.ofMinutes(30);
  private static final ObjectMapper READER = new ObjectMapper();
  private final WorkflowOrchestrator orchestrator;
  private final EventHub hub;
  private final int maxStreams;
  private final Duration keepAlive;
  private final AtomicInteger open = new AtomicInteger();
  private final LogStream logStreams;

  EventStreams(WorkflowOrchestrator orchestrator, EventHub hub, WorkOrderLogBuffer logs, int maxStreams,
      Duration keepAlive) {
    this.orchestrator = orchestrator;
    this.logStreams = new LogStream(orchestrator, logs, keepAlive, MAX_STREAM_DURATION);
    this.hub = hub;
    this.maxStreams = maxStreams;
    this.keepAlive = keepAlive;
  }

  /**
   * Streams {@code order}'s events. Subscribes first and then sends the saved state as a {@code
   * snapshot} event, so that no save can fall between the two; a client applies later saves whose
   * {@code version} is above the snapshot's. The stream ends as {@link EventStreamQuery} says (with
   * the work order; after the snapshot for one that has ended; after a follow-up's saved result) or
   * when the client goes away.
   */
  void stream(Response response, Callback callback, WorkOrder order, EventStreamQuery query) {
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      throw new ApiProblem(503, "Too many event streams are open; try again later", null);
    }
    try (EventHub.Subscription subscription = hub.subscribe(order.id())) {
      response.setStatus(200);
      Responses.common(response);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      OutputStream out = Content.Sink.asOutputStream(response);
      WorkOrder now = orchestrator.workOrder(order.id()).orElse(order);
      StepHistory history = orchestrator.stepHistory(order.id());
      ObjectNode snapshot = WorkOrderJson.steps(history);
      snapshot.put("event", "snapshot").put("version", history.version());
      snapshot.set("work_order", WorkOrderJson.workOrder(now));
      write(out, "snapshot", JsonRedaction.redacted(snapshot).toString());
      if (query.staysOpen(now)) {
        forward(subscription, out, query.endsAfterSave(now));
      }
      out.close();
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e); // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } finally {
      open.decrementAndGet();
    }
  }

  /**
   * Streams {@code order}'s log entries matching {@code query} ({@link LogStream}): those after
   * {@code since} first, then each new one as it is recorded (event {@code log_entry}, id its
   * sequence), with a keep-alive comment while quiet; ends once the work order has ended.
   */
  void logStream(Response response, Callback callback, WorkOrder order, LogQuery query) {
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      throw new ApiProblem(503, "Too many event streams are open; try again later", null);
    }
    try {
      response.setStatus(200);
      Responses.common(response);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      OutputStream out = Content.Sink.asOutputStream(response);
      logStreams.follow(order.id(), query, new LogStream.Sink() {
        @Override
        public void entry(long sequence, String json) throws IOException {
          out.write(("id: " + sequence + "\n").getBytes(StandardCharsets.UTF_8));
          write(out, "log_entry", json);
        }

        @Override
        public void keepAlive() throws IOException {
          EventStreams.keepAlive(out);
        }

        @Override
        public void end(String json) throws IOException {
          write(out, "end", json);
        }
      });
      out.close();
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e); // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } finally {
      open.decrementAndGet();
    }
  }

  /** Sends the subscription's frames until the stream ends ({@link EventStreamQuery#endsStream}). */
  private void forward(EventHub.Subscription subscription, OutputStream out, boolean endsAfterSave)
      throws IOException, InterruptedException {
    while (true) {
      EventHub.Frame frame = subscription.next(keepAlive);
      if (frame == null) {
        keepAlive(out);
      } else if (frame.name().equals("closed")) {
        if (subscription.overflowed()) {
          write(out, "overflow", "{\"error\": \"this client fell behind and was disconnected; "
              + "reconnect to start again from a snapshot\"}");
        }
        return;
      } else {
        write(out, frame.name(), JsonRedaction.redacted(READER.readTree(frame.json())).toString());
        if (EventStreamQuery.endsStream(endsAfterSave, frame.name(), frame.terminal())) {
          return;
        }
      }
    }
  }

  private static void keepAlive(OutputStream out) throws IOException {
    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void write(OutputStream out, String name, String json) throws IOException {
    out.write(("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
