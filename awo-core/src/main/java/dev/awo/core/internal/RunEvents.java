package dev.awo.core.internal;

import dev.awo.spi.event.WorkOrderEvent;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * The one publisher of a work order's events. Every event of a run — steps started, agent output,
 * saves, save failures, status changes — goes through {@link #publish}, which only enqueues: one
 * drain task at a time, on the listener executor, hands the events to the listeners in the order
 * they were published. So listeners hear a work order's events one at a time and in order even
 * when its nodes run in parallel, and a slow listener never holds up the run or a save.
 *
 * <p>If the listener executor refuses the drain task (it was shut down), the publishing thread
 * delivers the events itself, so nothing is dropped. This class is thread-safe.
 */
public final class RunEvents {
  private final ListenerFanout listeners;
  private final Executor executor;
  private final String workOrderId;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  public RunEvents(ListenerFanout listeners, Executor executor, String workOrderId) {
    this.listeners = listeners;
    this.executor = executor;
    this.workOrderId = workOrderId;
  }

  /** Enqueues {@code event} for the listeners; returns at once. */
  public void publish(WorkOrderEvent event) {
    then(() -> listeners.publish(event));
  }

  /** Runs {@code action} on the drain once every event published before it was delivered. */
  public void then(Runnable action) {
    queue.add(action);
    if (queued.getAndIncrement() == 0) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drain();
      }
    }
  }

  /** Completes once every event published so far has been delivered. */
  public CompletableFuture<Void> flushed() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    then(() -> done.complete(null));
    return done;
  }

  /**
   * Waits up to {@code limit} for the listeners to hear every event published so far; false when
   * they are still busy (a listener is slow or stuck) or the wait was interrupted.
   */
  public boolean awaitFlushed(Duration limit) {
    try {
      flushed().get(limit.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      return false;
    }
  }

  private void drain() {
    String before = MDC.get(WorkOrderRun.MDC_KEY);
    MDC.put(WorkOrderRun.MDC_KEY, workOrderId);
    try {
      do {
        Runnable next = queue.poll();
        if (next != null) {
          next.run();
        }
      } while (queued.decrementAndGet() != 0);
    } finally {
      if (before == null) {
        MDC.remove(WorkOrderRun.MDC_KEY);
      } else {
        MDC.put(WorkOrderRun.MDC_KEY, before);
      }
    }
  }
}
