package dev.awo.temporal;

import dev.awo.core.internal.RunControl;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heartbeat of one running attempt: beats on every agent event and on a ticker, so a dead
 * worker shows in the heartbeat timeout; when Temporal answers a beat with cancellation (or the
 * attempt no longer exists: it timed out), cancels the attempt's {@link RunControl}, which
 * interrupts the attempt's thread and so kills the agent's process tree. Thread-safe.
 */
final class Heartbeat implements AutoCloseable {
  private static final ThreadLocal<Heartbeat> CURRENT = new ThreadLocal<>();

  private final ActivityExecutionContext context;
  private final RunControl control;
  private final AtomicLong events = new AtomicLong();
  private final ScheduledFuture<?> ticker;
  private volatile ActivityCompletionException stop;

  private Heartbeat(ActivityExecutionContext context, RunControl control, ScheduledExecutorService ticks,
      Duration every) {
    this.context = context;
    this.control = control;
    long millis = Math.max(50, every.toMillis());
    this.ticker = ticks.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    CURRENT.set(this);
  }

  /** Starts beating for the attempt running on the calling (activity) thread. */
  static Heartbeat start(ActivityExecutionContext context, RunControl control, ScheduledExecutorService ticks,
      Duration heartbeatTimeout) {
    return new Heartbeat(context, control, ticks, heartbeatTimeout.dividedBy(4));
  }

  /** The heartbeat of the attempt on the calling thread, or null. */
  static Heartbeat current() {
    return CURRENT.get();
  }

  /** Beats once (details: agent events seen so far); safe from any thread. */
  void onAgentEvent() {
    events.incrementAndGet();
    beat();
  }

  private void beat() {
    if (stop != null) {
      return;
    }
    try {
      context.heartbeat(events.get());
    } catch (ActivityCompletionException e) {
      stop = e;
      control.cancel();
    } catch (RuntimeException e) {
      // a beat that could not be sent; the next one tries again
    }
  }

  /** Why Temporal stopped the attempt (cancelled, timed out), or null. */
  ActivityCompletionException stopped() {
    return stop;
  }

  @Override
  public void close() {
    ticker.cancel(false);
    CURRENT.remove();
  }
}
