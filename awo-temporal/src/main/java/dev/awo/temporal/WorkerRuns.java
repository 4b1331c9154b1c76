package dev.awo.temporal;

import dev.awo.core.internal.EngineParts;
import dev.awo.core.internal.KeptSandboxes;
import dev.awo.core.internal.NodeExecutor;
import dev.awo.core.internal.RunFactory;
import dev.awo.core.internal.RunParts;
import dev.awo.core.internal.RunSandbox;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.domain.StepHistory;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The work orders this worker holds: per work order its run pieces (state, recorder, events —
 * built from the host's repositories when the run arrives here, so versions go on from the saved
 * history), its sandbox and context. The activities of one work order run on this worker's own
 * queue, so one recorder serialises its saves. Under {@code SandboxRetention.KEEP} an ended work
 * order's run and sandbox are kept here for follow-up prompts, bounded by the builder's {@code
 * KeptSandboxLimits} ({@link KeptSandboxes}: least recently used released first). Thread-safe.
 */
final class WorkerRuns {
  private final EngineParts engine;
  private final RunFactory factory;
  private final Map<String, LocalRun> runs = new ConcurrentHashMap<>();
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private final KeptSandboxes keptBounds;

  WorkerRuns(EngineParts engine) {
    this.engine = engine;
    this.factory = new RunFactory(engine.services());
    this.keptBounds = new KeptSandboxes(engine.services().clock(), engine.keptSandboxLimits(),
        id -> kept(id).filter(k -> k.prompting().get()).isPresent(), this::releaseKept);
  }

  /** An ended work order's run and the sandbox kept for its follow-up prompts; {@code prompting} while one runs. */
  record Kept(LocalRun run, Sandbox sandbox, AtomicBoolean prompting) {}

  EngineParts engine() {
    return engine;
  }

  /** One work order on this worker; its sandbox is null when none was set up here. */
  static final class LocalRun {
    final RunParts parts;
    final CompiledWorkflow workflow;
    final NodeExecutor coordinator;
    final RunSandbox lifecycle;
    volatile Sandbox sandbox;
    volatile Map<String, String> context = Map.of();

    LocalRun(RunParts parts, CompiledWorkflow workflow, NodeExecutor coordinator, RunSandbox lifecycle) {
      this.parts = parts;
      this.workflow = workflow;
      this.coordinator = coordinator;
      this.lifecycle = lifecycle;
    }

    StepHistory history() {
      return parts.recorder().current();
    }

    /** A node executor of its own for one attempt: its own cancellation, the shared recorder and state. */
    Attempt forAttempt(EngineParts engine) {
      RunParts own = parts.withFreshControl();
      NodeExecutor nodes = new NodeExecutor(engine.services(), workflow, own);
      nodes.restore(history());
      Map<String, String> scope = new HashMap<>(context);
      String branch = parts.state().current().branchName();
      if (branch != null) {
        scope.put(ContextVariables.BRANCH, branch);
      }
      nodes.attach(sandbox, scope);
      return new Attempt(nodes, own);
    }
  }

  /** A node executor and the run pieces (with their own control) of one attempt. */
  record Attempt(NodeExecutor nodes, RunParts parts) {}

  /**
   * Takes the work order up on this worker, replacing what it held of it: pieces rebuilt from the
   * repositories, status running, and its sandbox by the embedded engine's recovery rule ({@link
   * RunSandbox#takeOver}): a new one when no step was saved; otherwise the one the saved steps worked
   * in, re-attached or re-created from the work order's pushed branch at the head the last saved step
   * recorded. Taking over a work order another worker had set up, it first kills the processes
   * that dead JVMs started (the lost worker's agent children, see {@link
   * dev.awo.spi.process.ProcessRunner#killProcessesOfDeadOwners()}).
   *
   * @throws SandboxException when saved steps worked in a sandbox that cannot be recovered (its
   *     message is the reason the work order fails); nothing is held for the work order then
   */
  LocalRun setUp(WorkOrderId id, String workflowName) {
    LocalRun old = runs.remove(id.value());
    LocalRun run = load(id, workflowName);
    if (old != null && old.sandbox != null && run.history().isEmpty()) {
      old.lifecycle.release(old.sandbox, s -> {}); // with saved steps it is the one to take over, below
    }
    runs.put(id.value(), run);
    try {
      if (run.parts.state().current().status() != WorkOrderStatus.PENDING) {
        AwoWorkers.killProcessesOfDeadOwners(); // a lost worker's agent must not go on in the sandbox taken over
      }
      RunSandbox.TakeOver takeOver = RunSandbox.takeOver(engine.services(), run.parts.state().current(),
          run.history(), run.workflow);
      if (takeOver.failure() != null) {
        throw new SandboxException(takeOver.failure());
      }
      run.parts.state().status(WorkOrderStatus.RUNNING);
      RunSandbox.SetUp setUp = run.lifecycle.setUp(run.coordinator, !run.history().isEmpty(), takeOver.sandbox());
      run.sandbox = setUp.sandbox();
      run.context = setUp.context();
      return run;
    } catch (RuntimeException e) {
      runs.remove(id.value());
      throw e;
    }
  }

  /** The work order as this worker holds it, or rebuilt from the repositories without a sandbox. */
  LocalRun get(WorkOrderId id) {
    LocalRun run = runs.get(id.value());
    if (run != null) {
      return run;
    }
    WorkOrder order = engine.services().workOrders().find(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    return runs.computeIfAbsent(id.value(), k -> load(id, order.workflow()));
  }

  /** The work order only if this worker set up its sandbox. */
  Optional<LocalRun> withSandbox(WorkOrderId id) {
    LocalRun run = runs.get(id.value());
    return run == null || run.sandbox == null ? Optional.empty() : Optional.of(run);
  }

  void remove(WorkOrderId id) {
    runs.remove(id.value());
  }

  /** Keeps the ended run of {@code id} and its sandbox for follow-up prompts, then applies the bounds. */
  void keep(WorkOrderId id, LocalRun run, Sandbox sandbox) {
    kept.put(id.value(), new Kept(run, sandbox, new AtomicBoolean()));
    keptBounds.keep(id, sandbox);
  }

  /** The run and sandbox kept for {@code id}, after the bounds were applied (an expired one is gone). */
  Optional<Kept> keptFor(WorkOrderId id) {
    keptBounds.enforceLimits();
    return kept(id);
  }

  private Optional<Kept> kept(WorkOrderId id) {
    return Optional.ofNullable(kept.get(id.value()));
  }

  /** Marks the kept sandbox of {@code id} used now (a prompt returned), then applies the bounds. */
  void touchKept(WorkOrderId id) {
    kept(id).ifPresent(k -> keptBounds.touch(id, k.sandbox()));
  }

  /** Cleans up the kept sandbox of {@code id}, clearing its path on the stored work order; false if none. */
  boolean releaseKept(WorkOrderId id) {
    keptBounds.forget(id);
    Kept gone = kept.remove(id.value());
    if (gone == null) {
      return false;
    }
    KeptSandboxes.cleanUp(engine.services().workOrders(), engine.services().clock(), id, gone.sandbox());
    return true;
  }

  /** Releases every kept sandbox (the worker is closing); a failure is logged, not thrown. */
  void releaseAllKept() {
    kept.keySet().forEach(id -> keptBounds.releaseQuietly(WorkOrderId.of(id)));
  }

  private LocalRun load(WorkOrderId id, String workflowName) {
    WorkOrder order = engine.services().workOrders().find(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    CompiledWorkflow known = engine.workflows().get(workflowName == null ? order.workflow() : workflowName);
    if (known == null) {
      throw new dev.awo.domain.InvalidInputException("workflow", "this worker knows no workflow '" + order.workflow()
          + "'; register the same workflows on every worker");
    }
    CompiledWorkflow workflow = known.withBudget(RunFactory.ownBudget(order)); // the request's budget, as embedded
    StepHistory history = engine.services().histories().find(id).orElse(StepHistory.empty(id));
    RunParts parts = factory.parts(order, history);
    NodeExecutor coordinator = new NodeExecutor(engine.services(), workflow, parts);
    coordinator.restore(history);
    return new LocalRun(parts, workflow, coordinator, new RunSandbox(engine.services(), parts.state()));
  }
}
