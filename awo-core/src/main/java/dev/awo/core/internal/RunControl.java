package dev.awo.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancellation and fatal-failure flags of one run, shared by every thread working on it. {@link
 * #cancel()} interrupts the threads running its nodes, which stops their agent processes.
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
