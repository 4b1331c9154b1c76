package dev.awo.core.internal;

import dev.awo.core.Sleeper;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Cancellation and fatal-failure flags of one run, shared by every thread working on it, and the
 * whole interrupt protocol of cancellation: {@link #cancel()} interrupts the threads working on
 * the run (which stops their agent processes and sleeps), and the interrupt that cancellation
 * caused is cleared here, and only here, once the interrupted call has returned — so recording the
 * cancelled step is not disturbed by it. Thread-safe.
 */
public final class RunControl {
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;
  private volatile String fatalError;

  public boolean cancelled() {
    return cancelled;
  }

  /** Marks the run cancelled and interrupts every thread working on it. */
  public void cancel() {
    cancelled = true;
    workers.forEach(Thread::interrupt);
  }

  /** Registers the calling thread as working on this run until {@link #leave()}. */
  public void enter() {
    workers.add(Thread.currentThread());
    if (cancelled) {
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
    if (cancelled) {
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
