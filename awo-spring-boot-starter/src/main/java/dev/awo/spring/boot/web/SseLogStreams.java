package dev.awo.spring.boot.web;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import dev.awo.http.ApiProblem;
import dev.awo.http.LogQuery;
import dev.awo.http.LogStream;
import dev.awo.http.WorkOrderLogBuffer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /agent-work-orders/{id}/logs/stream} on {@link SseEmitter}s: each stream runs awo-http's
 * {@link LogStream} on a thread of its own (it blocks between entries), at most {@value
 * #MAX_STREAMS} at once — one more is a 503 — and at most {@link #MAX_DURATION}, after which the
 * client reconnects with its {@code Last-Event-ID}. Thread-safe; {@link #close} ends every stream.
 */
final class SseLogStreams implements AutoCloseable {
  /** The most log streams open at once. */
  static final int MAX_STREAMS = 32;
  /** The longest one stream lasts. */
  static final Duration MAX_DURATION = Duration.ofMinutes(30);

  private final LogStream streams;
  private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, MAX_STREAMS, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "awo-log-stream");
        t.setDaemon(true);
        return t;
      });

  SseLogStreams(WorkflowOrchestrator orchestrator, WorkOrderLogBuffer logs, Duration keepAlive) {
    this.streams = new LogStream(orchestrator, logs, keepAlive, MAX_DURATION);
  }

  /** Starts streaming {@code id}'s log; the emitter completes when the stream ends or the client goes. */
  SseEmitter open(WorkOrderId id, LogQuery query) {
    SseEmitter emitter = new SseEmitter(MAX_DURATION.plusMinutes(1).toMillis());
    try {
      threads.execute(() -> follow(emitter, id, query));
    } catch (RejectedExecutionException e) {
      throw new ApiProblem(503, "Too many log streams are open (" + MAX_STREAMS + "); try again later", null);
    }
    return emitter;
  }

  private void follow(SseEmitter emitter, WorkOrderId id, LogQuery query) {
    try {
      streams.follow(id, query, new LogStream.Sink() {
        @Override
        public void entry(long sequence, String json) throws IOException {
          emitter.send(SseEmitter.event().id(Long.toString(sequence)).name("log_entry")
              .data(json, MediaType.APPLICATION_JSON));
        }

        @Override
        public void keepAlive() throws IOException {
          emitter.send(SseEmitter.event().comment("keep-alive"));
        }

        @Override
        public void end(String json) throws IOException {
          emitter.send(SseEmitter.event().name("end").data(json, MediaType.APPLICATION_JSON));
        }
      });
      emitter.complete();
    } catch (IOException | IllegalStateException e) {
      emitter.complete(); // the client went away, or the emitter timed out
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      emitter.complete();
    }
  }

  /** Ends every stream (their threads are interrupted). */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
