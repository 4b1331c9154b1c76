package dev.awo.micrometer.internal;

import dev.awo.spi.event.WorkOrderEvent;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands events from the threads running work orders to one recording thread, so that a slow
 * registry or observation handler slows only that thread, never a run. {@link #offer} never blocks:
 * it takes no lock and drops the event (counting it) when the queue is full. Events are handled in the order they were offered, so the events of one
 * work order keep their order.
 *
 * <p>This class is thread-safe.
 */
public final class EventPump implements AutoCloseable {
  /** A default for the number of events that may wait. */
  public static final int DEFAULT_CAPACITY = 16_384;
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int YIELD_ROUNDS = 1_000;
  private static final Duration CLOSE_BUDGET = Duration.ofSeconds(5);

  private final Queue<WorkOrderEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final int capacity;
  private final Consumer<WorkOrderEvent> handler;
  private final Runnable onStop;
  private final FailureLog failures;
  private final Thread worker;
  private volatile boolean parked;
  private volatile boolean closed;

  /**
   * Starts the recording thread.
   *
   * @param handler handles one event on the recording thread
   * @param onStop runs on the recording thread after the last event, when the pump is closed
   */
  public EventPump(int capacity, Consumer<WorkOrderEvent> handler, Runnable onStop, FailureLog failures) {
    this.capacity = capacity;
    this.handler = handler;
    this.onStop = onStop;
    this.failures = failures;
    this.worker = new Thread(this::drain, "awo-micrometer-recorder");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues {@code event} for the recording thread; false if it was dropped. Never blocks. */
  public boolean offer(WorkOrderEvent event) {
    if (closed) {
      dropped.incrementAndGet();
      return false;
    }
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      return false;
    }
    accepted.incrementAndGet();
    queue.offer(event);
    if (parked) {
      LockSupport.unpark(worker);
    }
    return true;
  }

  /** Events dropped so far. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Waits until every event offered before this call has been handled, or {@code timeout} passed.
   * Returns whether they all were. For tests and for hosts that read meters right after a run.
   */
  public boolean awaitHandled(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int round = 0; handled.get() < target; round++) {
      if (System.nanoTime() - deadline >= 0 || !worker.isAlive()) {
        return handled.get() >= target;
      }
      if (round < YIELD_ROUNDS) {
        Thread.yield(); // the recording thread is usually microseconds behind
      } else {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    return true;
  }

  /**
   * Stops taking events, lets the recording thread handle those already queued (for at most five
   * seconds) and run {@code onStop}, then returns.
   */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(worker);
    if (Thread.currentThread() == worker) {
      return;
    }
    try {
      worker.join(CLOSE_BUDGET.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    while (true) {
      WorkOrderEvent event = queue.poll();
      if (event == null) {
        if (closed) {
          break;
        }
        parked = true;
        if (queue.isEmpty() && !closed) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        parked = false;
        continue;
      }
      waiting.decrementAndGet();
      handle(event);
    }
    failures.attempt("close", onStop);
  }

  private void handle(WorkOrderEvent event) {
    try {
      handler.accept(event);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // NOPMD: the recording thread must outlive any handler's failure
      failures.failed(event.name(), t);
    } finally {
      handled.incrementAndGet();
    }
  }
}
