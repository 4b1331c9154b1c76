package dev.awo.core.internal;

import dev.awo.core.OrchestratorClosedException;
import dev.awo.core.RecoveryReport;
import dev.awo.core.WorkOrderRejectedException;
import dev.awo.core.GateNotWaitingException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.process.ProcessRunner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Drives the registered runs on the host's executor: starts a new one, resumes one after a gate
 * decision or a recovery, cancels, and stops them all when the orchestrator closes. Thread-safe.
 */
public final class RunDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);
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
      executor.execute(entry::runFirstPass); // a cancel while it is queued takes the start and ends it
    } catch (RejectedExecutionException e) {
      entry.state().update(b -> b.status(WorkOrderStatus.FAILED)
          .errorMessage("not started: the orchestrator's executor was shut down or full"));
      entry.lease().release();
      registry.discard(entry);
      requireOpen();
      throw new WorkOrderRejectedException("The work order was not accepted: the executor is shut down or full", e);
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
    entry.markStarted();
    try {
      executor.execute(entry::runPass);
    } catch (RejectedExecutionException e) {
      entry.runPass();
    }
  }

  /**
   * The orchestrator's {@code recover()}: kills processes of dead owners, takes up every stored
   * non-terminal work order it may own (with leases: only those whose lease is free, each claimed
   * first), reclaims the sandboxes of dead owners still left (not those of work orders another
   * orchestrator may still take over), then starts or resumes what it took up.
   *
   * @param leases the orchestrator's lease keeper, or null without leases
   */
  public RecoveryReport recover(RunRecovery recovery, RunServices services, LeaseKeeper leases) {
    int killed = ProcessRunner.create().killProcessesOfDeadOwners();
    List<RunRecovery.Taken> taken = new java.util.ArrayList<>();
    for (WorkOrder order : services.workOrders().list()) {
      if (order.status().isTerminal()) {
        continue;
      }
      if (leases == null) {
        recovery.take(order).ifPresent(taken::add);
        continue;
      }
      leases.claimIfFree(order).ifPresent(claim -> {
        Optional<RunRecovery.Taken> took = recovery.take(claim.order(), claim.lease());
        if (took.isPresent()) {
          taken.add(took.get());
        } else {
          leases.release(claim.lease());
        }
      });
    }
    int reclaimed = RunSandbox.reclaimAbandoned(services,
        taken.stream().map(t -> t.entry().id()).collect(java.util.stream.Collectors.toSet()));
    startRecovered(taken);
    Map<RunRecovery.Kind, List<WorkOrderId>> by = new java.util.EnumMap<>(RunRecovery.Kind.class);
    for (RunRecovery.Kind kind : RunRecovery.Kind.values()) {
      by.put(kind, taken.stream().filter(t -> t.kind() == kind).map(t -> t.entry().id()).toList());
    }
    RecoveryReport report = new RecoveryReport(by.get(RunRecovery.Kind.STARTED), by.get(RunRecovery.Kind.PARKED),
        by.get(RunRecovery.Kind.RESUMED), by.get(RunRecovery.Kind.FAILED), killed, reclaimed);
    LOG.atInfo().setMessage("work_orders_recovered").addKeyValue("started", report.started().size())
        .addKeyValue("parked", report.parked().size()).addKeyValue("resumed", report.resumed().size())
        .addKeyValue("failed", report.failed().size()).addKeyValue("orphan_processes_killed", killed)
        .addKeyValue("sandboxes_reclaimed", reclaimed).log();
    return report;
  }

  /**
   * Sets the runs taken up by recovery going: a pending one is started, a recovered one resumed when
   * it has work besides gates (or must end). A pending one the executor refuses stays pending in the
   * repositories (logged), for the next recovery.
   */
  private void startRecovered(List<RunRecovery.Taken> taken) {
    taken.forEach(this::startRecovered);
  }

  /** Sets one run taken up going (see {@link #startRecovered(List)}); also for a takeover. */
  public void startRecovered(RunRecovery.Taken t) {
    if (t.kind() == RunRecovery.Kind.STARTED) {
      try {
        start(t.entry());
      } catch (WorkOrderRejectedException e) {
        t.entry().lease().release(); // it stays pending, for another owner or the next recovery
        RunLog.at(LOG, Level.WARN, t.entry().id().value(), "recovered_work_order_not_started")
            .addKeyValue("error", e.getMessage()).log();
      }
    } else if (t.entry().run().needsPassNow()) {
      resume(t.entry());
    }
  }

  /**
   * Cancels the run of {@code order}; false when it has already ended, settled on another outcome
   * (its last step was saved before the cancel came) or is not run here. A run that has not started
   * yet (pending) or waits at a gate has no thread: it is ended here, so it reads cancelled when this
   * returns, and a queued first pass never starts.
   */
  public boolean cancel(WorkOrder order) {
    RunEntry entry = registry.find(order.id()).orElse(null);
    if (entry == null || entry.ended() || order.status().isTerminal() || !entry.control().cancel()) {
      return false;
    }
    if (entry.run().unparkToCancel() || entry.claimStart()) {
      entry.runPass();
    }
    return true;
  }

  /**
   * Hands a decision on a gate to the run of {@code order}, resuming it when it was parked.
   *
   * @throws GateNotWaitingException when the work order waits for no decision here (see {@link
   *     WorkOrderRun#decide} for the others)
   */
  public void decide(WorkOrder order, String gate, boolean approved, String reason) {
    RunEntry entry = registry.find(order.id()).filter(e -> !e.ended()).orElse(null);
    if (entry == null || order.status().isTerminal()) {
      throw new GateNotWaitingException("Work order " + order.id() + " is " + order.status().wireName()
          + " and waits for no decision" + (order.status() == WorkOrderStatus.WAITING
              ? "; after a restart, call recover() first" : ""));
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
