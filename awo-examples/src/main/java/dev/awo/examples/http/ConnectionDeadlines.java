package dev.awo.examples.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The request-read timeout for everything before a request reaches a handler: a connection that
 * is not inside a request must deliver a complete request head within the timeout of opening, or of
 * its previous request ending, else it is closed. Jetty's idle timeout only notices silence; this
 * also closes a client that drips one header byte a second. (Bodies are bounded where they are
 * read, see {@link WorkOrderRoutes}.) Thread-safe.
 */
final class ConnectionDeadlines implements Connection.Listener {
  private final Scheduler scheduler;
  private final long timeoutNanos;
  private final Map<Connection, State> states = new ConcurrentHashMap<>();

  ConnectionDeadlines(Scheduler scheduler, Duration timeout) {
    this.scheduler = scheduler;
    this.timeoutNanos = timeout.toNanos();
  }

  private static final class State {
    final AtomicInteger activeRequests = new AtomicInteger();
    volatile long waitingSince = System.nanoTime();
  }

  @Override
  public void onOpened(Connection connection) {
    states.put(connection, new State());
    schedule(connection, timeoutNanos);
  }

  @Override
  public void onClosed(Connection connection) {
    states.remove(connection);
  }

  /** A request on {@code connection} reached the handler: its head was read in time. */
  void requestStarted(Connection connection) {
    State state = states.get(connection);
    if (state != null) {
      state.activeRequests.incrementAndGet();
    }
  }

  /** The request ended; the next one's head must arrive within the timeout from now. */
  void requestEnded(Connection connection) {
    State state = states.get(connection);
    if (state != null) {
      state.waitingSince = System.nanoTime();
      state.activeRequests.decrementAndGet();
    }
  }

  private void schedule(Connection connection, long delayNanos) {
    scheduler.schedule(() -> check(connection), Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private void check(Connection connection) {
    State state = states.get(connection);
    if (state == null) {
      return; // closed meanwhile
    }
    long waited = System.nanoTime() - state.waitingSince;
    if (state.activeRequests.get() == 0 && waited >= timeoutNanos) {
      states.remove(connection);
      connection.getEndPoint().close();
    } else {
      schedule(connection, state.activeRequests.get() > 0 ? timeoutNanos : timeoutNanos - waited);
    }
  }
}
