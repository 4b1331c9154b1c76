package dev.awo.core.internal;

import dev.awo.core.OrchestratorClosedException;
import dev.awo.core.WorkOrderRejectedException;
import dev.awo.core.WorkOrderStateException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the registered runs on the host's executor: starts a new one, resumes one after a gate
 * decision or a recovery, cancels, and stops them all when the orchestrator closes. Thread-safe.
 */
public final class RunDriver {
  private final Executor executor;
  private final RunRegistry registry;
  private final List<ExecutorService> ownedRuns;
  private final List<ExecutorService> ownedListeners;
  private final Duration listenerWait;
  private final AtomicBoolean closed = new AtomicBoolean();

  public RunDriver(Executor executor, RunRegistry registry, List<ExecutorService> ownedRuns,
      List<ExecutorService> ownedListeners, Duration listenerWait) {
    this.executor = executor;
    this.registry = registry;
    this.ownedRuns = List.copyOf(ownedRuns);
    this.ownedListeners = List.copyOf(ownedListeners);
    this.listenerWait = listenerWait;
  }

  /** Whether {@link #stop()} began. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Refuses new work once {@link #stop()} began.
   *
   * @throws OrchestratorClosedException when closed
   */
  public void requireOpen() {
    if (closed.get()) {
      throw new OrchestratorClosedException("The orchestrator is closed and accepts no more work orders");
    }
  }

  /**
   * Hands a new run to the executor. When the executor refuses, the entry is forgotten (nothing
   * was stored) and a specific exception says why.
   *
   * @throws OrchestratorClosedException when the orchestrator was closed meanwhile
   * @throws WorkOrderRejectedException when the executor is full or shut down
   */
  public void start(RunEntry entry) {
    try {
      entry.submitTo(executor);
    } catch (RejectedExecutionException e) {
      registry.discard(entry);
      requireOpen();
      throw new WorkOrderRejectedException("The work order was not accepted: the executor is shut down or full", e);
    }
  }

  /**
   * Starts a new run whose first row must be stored before it starts (a submission with an
   * idempotency key): stores it, then hands the run to the executor. When another work order holds
   * the key, nothing starts and the exception propagates; when the executor refuses, the stored
   * work order is marked failed (so its key answers with that outcome) and a specific exception says why.
   *
   * @throws dev.awo.spi.persistence.DuplicateIdempotencyKeyException when the key is taken
   * @throws WorkOrderRejectedException when the executor is full or shut down
   */
  public void startStored(RunEntry entry) {
    try {
      entry.state().writeFirst();
    } catch (RuntimeException e) {
      registry.discard(entry);
      throw e;
    }
    try {
      executor.execute(entry::runPass);
    } catch (RejectedExecutionException e) {
      entry.state().update(b -> b.status(WorkOrderStatus.FAILED)
          .errorMessage("not started: the orchestrator's executor was shut down or full"));
      entry.lease().release();
      registry.discard(entry);
      requireOpen();
      throw new WorkOrderRejectedException("The work order was not accepted: the executor is shut down or full", e);
    }
  }

  /**
   * Starts the next pass of a run this orchestrator took over, unless it only waits at gates: a
   * run with nodes ready, or with nothing left to run (it crashed before its final status), goes on now.
   */
  public void resumeTakenOver(RunEntry entry) {
    if (entry.run().needsPassNow() || entry.run().openGates().isEmpty() && entry.run().unparkToCancel()) {
      resume(entry);
    }
  }

  /** Runs a new work order on the calling thread, then waits for its listeners (bounded). */
  public WorkOrder runHere(RunEntry entry) {
    entry.runHere();
    entry.events().awaitFlushed(listenerWait);
    return entry.state().current();
  }

  /** Starts the next pass of a run on the executor, or on this thread if the executor refuses it. */
  public void resume(RunEntry entry) {
    try {
      executor.execute(entry::runPass);
    } catch (RejectedExecutionException e) {
      entry.runPass();
    }
  }

  /** Resumes the recovered runs that have work besides gates; returns their ids. */
  public List<WorkOrderId> resumeRecovered(List<RunEntry> recovered) {
    List<WorkOrderId> ids = new ArrayList<>();
    for (RunEntry entry : recovered) {
      if (entry.run().needsPassNow()) {
        resume(entry);
      }
      ids.add(entry.id());
    }
    return ids;
  }

  /** Cancels the run of {@code order}; false when it has already ended or is not run here. */
  public boolean cancel(WorkOrder order) {
    RunEntry entry = registry.find(order.id()).orElse(null);
    if (entry == null || entry.ended() || order.status().isTerminal()) {
      return false;
    }
    entry.control().cancel();
    if (entry.run().unparkToCancel()) {
      entry.runPass(); // a run waiting at a gate has no thread: end it here
    }
    return true;
  }

  /**
   * Hands a decision on a gate to the run of {@code order}, resuming it when it was parked.
   *
   * @throws WorkOrderStateException when the work order waits for no decision here
   */
  public void decide(WorkOrder order, String gate, boolean approved, String reason) {
    RunEntry entry = registry.find(order.id()).filter(e -> !e.ended()).orElse(null);
    if (entry == null || order.status().isTerminal()) {
      throw new WorkOrderStateException("Work order " + order.id() + " is " + order.status().wireName()
          + " and waits for no decision" + (order.status() == WorkOrderStatus.WAITING
              ? "; after a restart, call recoverWaiting() first" : ""));
    }
    if (entry.run().decide(gate, approved, reason)) {
      resume(entry);
    }
  }

  /** The open gates of a run with their messages; empty when none. */
  public Map<String, String> waitingGates(WorkOrderId id) {
    Map<String, String> gates = new LinkedHashMap<>();
    registry.find(id).filter(e -> !e.ended())
        .ifPresent(e -> e.run().openGates().forEach(g -> gates.put(g, e.run().gateMessage(g))));
    return gates;
  }

  /**
   * Cancels running work, waits up to 30 s for the orchestrator's own run pool, lets the listeners
   * hear the rest (one bounded wait for all), releases kept sandboxes and shuts the own listener
   * pool down.
   */
  public void stop() {
    closed.set(true);
    registry.stopRuns();
    ownedRuns.forEach(RunDriver::shutDown);
    long deadline = System.nanoTime() + listenerWait.toNanos();
    for (RunEntry entry : registry.all()) {
      entry.events().awaitFlushed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    registry.releaseAll();
    ownedListeners.forEach(RunDriver::shutDown);
  }

  private static void shutDown(ExecutorService executor) {
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
