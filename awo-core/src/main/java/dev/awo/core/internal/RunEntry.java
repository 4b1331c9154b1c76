package dev.awo.core.internal;

import dev.awo.core.StoreUnavailableException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.sandbox.Sandbox;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything the orchestrator keeps about one work order it runs: its state, recorder, event
 * publisher, cancellation control, the run itself, the sandbox kept after it (if any) and the
 * completion handle. Made by the {@link RunFactory}; kept by the {@link RunRegistry} while the run
 * goes on, and after it while its sandbox is kept for follow-up prompts. Thread-safe.
 */
public final class RunEntry {
  private final WorkOrderState state;
  private final RunEvents events;
  private final RunControl control;
  private final RunLease lease;
  private final CompletableFuture<WorkOrder> completion;
  private final WorkOrderRun run;
  private final AtomicBoolean prompting = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Consumer<RunEntry> onEnd = e -> { };
  private volatile boolean ended;
  private volatile Sandbox keptSandbox;

  RunEntry(RunParts parts, CompletableFuture<WorkOrder> completion, Function<Consumer<Sandbox>, WorkOrderRun> run) {
    this.state = parts.state();
    this.events = parts.events();
    this.control = parts.control();
    this.lease = parts.lease();
    this.completion = completion;
    this.run = run.apply(sandbox -> keptSandbox = sandbox);
  }

  public WorkOrderId id() {
    return state.current().id();
  }

  public WorkOrderState state() {
    return state;
  }

  public RunEvents events() {
    return events;
  }

  public RunControl control() {
    return control;
  }

  /** The lease the run holds on its work order. */
  public RunLease lease() {
    return lease;
  }

  public WorkOrderRun run() {
    return run;
  }

  /** Completes with the work order once it is terminal and its listeners have heard so. */
  public CompletableFuture<WorkOrder> completion() {
    return completion;
  }

  /** True once the run has ended (it may still keep its sandbox for follow-up prompts). */
  public boolean ended() {
    return ended;
  }

  /** The sandbox kept after the run ({@code SandboxRetention.KEEP}), or null. */
  public Sandbox keptSandbox() {
    return keptSandbox;
  }

  /** Forgets the kept sandbox and returns it (null if none was kept); the caller cleans it up. */
  public Sandbox takeKeptSandbox() {
    Sandbox s = keptSandbox;
    keptSandbox = null;
    return s;
  }

  /** Takes the right to send a follow-up prompt; false while another one is running. */
  public boolean startPrompt() {
    return prompting.compareAndSet(false, true);
  }

  public void endPrompt() {
    prompting.set(false);
  }

  public boolean prompting() {
    return prompting.get();
  }

  /** What happens once the run ended (on the run's thread). */
  void onEnd(Consumer<RunEntry> action) {
    this.onEnd = action;
  }

  /**
   * Hands the run's first pass to {@code executor}, then stores the work order's first row unless
   * the run has already written a newer one (the state's lock orders the two, so the first row
   * never overwrites the run's). When the executor refuses, nothing is stored and the exception
   * propagates.
   */
  public void submitTo(Executor executor) {
    executor.execute(this::runFirstPass);
    state.writeIfUnwritten();
  }

  /** Stores the first row and runs the first pass on the calling thread. */
  public void runHere() {
    state.writeIfUnwritten();
    runFirstPass();
  }

  /**
   * Takes the right to start the run, which exactly one caller gets: the executor's first task, or
   * a cancel that comes while the work order is still pending (it then ends the run at once, and
   * the queued task finds nothing to do). False once any pass was started or handed to an executor.
   */
  public boolean claimStart() {
    return started.compareAndSet(false, true);
  }

  /** Notes that a pass was handed to an executor, so a cancel leaves the run to it. */
  void markStarted() {
    started.set(true);
  }

  /**
   * The first pass, unless a cancel of the pending work order took the right to start first. It
   * stores the first row before anything else, so a run whose id turns out taken in the store
   * does nothing at all (its submitter admits the request again under another id).
   */
  void runFirstPass() {
    if (claimStart() && firstRowStored()) {
      runPass();
    }
  }

  private boolean firstRowStored() {
    try {
      state.writeIfUnwritten();
      return true;
    } catch (WorkOrderIdTakenException e) {
      return false;
    } catch (StoreUnavailableException e) {
      return true; // the pass stops it unrecorded, as after any write that failed for good
    }
  }

  /**
   * One pass of the run, on the calling thread. When it did not park, the run has ended: the
   * entry's end action runs here (the registry keeps the sandbox, within its bounds, or forgets
   * the entry once the listeners are done), and the completion handle completes once the listeners
   * have heard every event of the run.
   */
  public void runPass() {
    started.set(true);
    if (run.runPass() == DagRunner.Pass.PARKED) {
      return;
    }
    ended = true;
    if (lease.lost()) {
      LeaseLostException why = lease.lostBecause();
      events.then(() -> completion.completeExceptionally(why));
    } else if (state.lost() != null) {
      // the lease is kept, not released: it lapses once this entry is gone, so another owner (or the
      // next recover()) takes the work order up when the store is back
      events.then(() -> completion.completeExceptionally(new StoreUnavailableException("Work order " + id().value()
          + " stopped because the store could not be written (" + state.lost() + "); the store still says "
          + state.current().status().wireName() + ", and recover() takes it up once the store is back")));
    } else {
      lease.release();
      events.then(() -> completion.complete(state.current()));
    }
    onEnd.accept(this);
  }
}
