package dev.awo.core.internal;

import dev.awo.core.Sleeper;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Cancellation and fatal-failure flags of one run, shared by every thread working on it, and the
 * whole interrupt protocol of cancellation: {@link #cancel()} interrupts the threads working on
 * the run (which stops their agent processes and sleeps), and the interrupt that cancellation
 * caused is cleared here, and only here, once the interrupted call has returned — so recording the
 * cancelled step is not disturbed by it.
 *
 * <p>It is also where a cancel and the run's own end resolve to exactly one outcome: the run is
 * {@code OPEN} until either {@link #cancel()} or {@link #settle()} wins, and the first one to come
 * decides. A cancel that comes after the run settled (its last step was saved and its outcome is
 * decided) changes nothing and says so; a gate decision is taken only while the run is still open
 * ({@link #whileOpen}). Thread-safe.
 */
public final class RunControl {
  private enum Resolution { OPEN, CANCELLED, SETTLED }

  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile Resolution resolution = Resolution.OPEN; // changed under this
  private volatile String fatalError;

  public boolean cancelled() {
    return resolution == Resolution.CANCELLED;
  }

  /** True once the run's outcome is decided by its own end, so a cancel has come too late. */
  public boolean settled() {
    return resolution == Resolution.SETTLED;
  }

  /**
   * Marks the run cancelled and interrupts every thread working on it, unless the run has settled.
   *
   * @return true when the run is cancelled (now or by an earlier call), false when it settled first
   */
  public boolean cancel() {
    synchronized (this) {
      if (resolution == Resolution.SETTLED) {
        return false;
      }
      resolution = Resolution.CANCELLED;
    }
    workers.forEach(Thread::interrupt);
    return true;
  }

  /**
   * Decides the run's outcome by its own end (completed or failed); false when a cancel came first,
   * so the run ends cancelled.
   */
  public synchronized boolean settle() {
    if (resolution == Resolution.OPEN) {
      resolution = Resolution.SETTLED;
    }
    return resolution == Resolution.SETTLED;
  }

  /**
   * Runs {@code action} (e.g. claiming a gate for a decision) only while neither a cancel nor the
   * run's end has been decided, so it cannot interleave with either; false when it did not run or
   * answered false.
   */
  public synchronized boolean whileOpen(BooleanSupplier action) {
    return resolution == Resolution.OPEN && action.getAsBoolean();
  }

  /** Registers the calling thread as working on this run until {@link #leave()}. */
  public void enter() {
    workers.add(Thread.currentThread());
    if (cancelled()) {
      Thread.currentThread().interrupt();
    }
  }

  /** Unregisters the calling thread and clears an interrupt that the cancellation caused. */
  public void leave() {
    workers.remove(Thread.currentThread());
    clearCancellationInterrupt();
  }

  /**
   * Runs a blocking call that cancellation may interrupt (an agent process, a tool), then clears
   * the interrupt if cancellation caused it.
   */
  public <T> T interruptibly(Supplier<T> call) {
    try {
      return call.get();
    } finally {
      clearCancellationInterrupt();
    }
  }

  /** Sleeps for {@code delay}; false when interrupted (the run was cancelled meanwhile). */
  public boolean pause(Sleeper sleeper, Duration delay) {
    if (sleeper.pause(delay)) {
      return true;
    }
    clearCancellationInterrupt();
    return false;
  }

  private void clearCancellationInterrupt() {
    if (cancelled()) {
      Thread.interrupted();
    }
  }

  /** A failure that ends the run whatever the nodes' failure modes (e.g. a save that must not be lost). */
  public void fail(String error) {
    if (fatalError == null) {
      fatalError = error;
    }
  }

  public String fatalError() {
    return fatalError;
  }
}
