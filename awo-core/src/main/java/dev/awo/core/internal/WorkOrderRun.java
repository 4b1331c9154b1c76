package dev.awo.core.internal;

import dev.awo.core.HistoryNotSavedException;
import dev.awo.core.SandboxRetention;
import dev.awo.core.WorkOrderStateException;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One work order's run from start to end, in one or more passes: mark it running, verify the
 * repository and fetch the issue when there is one, set up the sandbox, run the workflow's nodes
 * through the {@link DagRunner}, measure the diff, clean up the sandbox (on every path, unless
 * retention keeps it) and set the final status last. When only human gates are left open, the pass
 * parks the run instead (status waiting, sandbox kept, thread given back); a decision ({@link
 * #decide}) lets the orchestrator start the next pass ({@link #runPass} again). After the run, a
 * kept sandbox takes follow-up prompts ({@link #followUp}), recorded like any agent step.
 *
 * <p>A run rebuilt from the repositories after a restart ({@link #recovered}) has its history
 * replayed into the scheduler and its node outputs restored from the saved results; its sandbox is
 * created afresh by the factory when its next pass starts.
 *
 * <p>Passes of one run never overlap (the orchestrator starts a pass only after the one before it
 * ended or parked); decisions and cancellation may come from any thread.
 */
public final class WorkOrderRun {
  /** The MDC key carrying the work order id on every log line of a run. */
  public static final String MDC_KEY = "agent_work_order_id";

  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderRun.class);

  private final RunServices services;
  private final CompiledWorkflow workflow;
  private final WorkOrderState state;
  private final HistoryRecorder recorder;
  private final RunControl control;
  private final RunParts parts;
  private final Consumer<Sandbox> retainSandbox;
  private final NodeExecutor nodes;
  private final DagState dag;
  private final DagRunner runner;
  private final boolean recoveredRun;
  private Sandbox sandbox;
  private boolean setUp;

  public WorkOrderRun(RunServices services, CompiledWorkflow workflow, RunParts parts, Consumer<Sandbox> retainSandbox) {
    this(services, workflow, parts, retainSandbox, false);
  }

  private WorkOrderRun(
      RunServices services, CompiledWorkflow workflow, RunParts parts, Consumer<Sandbox> retainSandbox,
      boolean recoveredRun) {
    this.services = services;
    this.workflow = workflow;
    this.parts = parts;
    this.state = parts.state();
    this.recorder = parts.recorder();
    this.control = parts.control();
    this.retainSandbox = retainSandbox;
    this.recoveredRun = recoveredRun;
    this.nodes = new NodeExecutor(services, workflow, parts);
    this.dag = new DagState(workflow);
    String id = state.current().id().value();
    this.runner = new DagRunner(workflow, dag, control, new Work(), services.maxParallelNodes(),
        NodeThreads.named(services.nodeThreads(), "awo-" + id + "-node-"), id);
  }

  /**
   * A waiting work order rebuilt from its saved history: finished nodes replayed, outputs restored,
   * its open gates waiting for a decision again.
   */
  public static WorkOrderRun recovered(
      RunServices services, CompiledWorkflow workflow, RunParts parts, Consumer<Sandbox> retainSandbox) {
    WorkOrderRun run = new WorkOrderRun(services, workflow, parts, retainSandbox, true);
    StepHistory history = parts.recorder().current();
    run.nodes.restore(history);
    for (NodeDefinition node : workflow.topologicalOrder()) {
      StepResult last = history.latest(node.id()).orElse(null);
      if (last == null || run.dag.state(node.id()) != DagState.Node.READY) {
        continue;
      }
      if (last.outcome() == StepOutcome.SUCCEEDED || last.outcome() == StepOutcome.FAILED) {
        run.dag.start(node.id());
        run.dag.finish(node.id(), last.outcome() == StepOutcome.SUCCEEDED ? DagState.Node.SUCCEEDED
            : DagState.Node.FAILED, last.data().get("value"));
      }
    }
    run.runner.reopenGates();
    return run;
  }

  /** True while the run waits at human gates with no thread. */
  public boolean isParked() {
    return runner.isParked();
  }

  /** The human gates waiting for a decision, sorted. */
  public List<String> openGates() {
    return List.copyOf(new TreeSet<>(runner.openGates()));
  }

  /** The message a gate shows its approver. */
  public String gateMessage(String gate) {
    return nodes.gateMessage(workflow.node(gate));
  }

  /**
   * Records a decision on an open gate and hands it to the run.
   *
   * @return true when the run was parked: the caller must start its next pass
   * @throws WorkOrderStateException when the gate is not waiting for a decision
   */
  public boolean decide(String gate, boolean approved, String reason) {
    NodeDefinition node = workflowNode(gate);
    if (node == null || node.type() != NodeType.HUMAN_GATE || !runner.claimGate(gate)) {
      String open = openGates().isEmpty() ? "none" : String.join(", ", openGates());
      throw new WorkOrderStateException("Work order " + state.current().id() + " has no human gate '" + gate
          + "' waiting for a decision (waiting: " + open + ")");
    }
    MDC.put(MDC_KEY, state.current().id().value());
    try {
      runner.deliver(nodes.decideGate(node, approved, reason));
    } finally {
      MDC.remove(MDC_KEY);
    }
    return runner.unpark();
  }

  /** Claims a parked run for a pass that will see it cancelled; true when the caller must run it. */
  public boolean unparkToCancel() {
    return runner.unpark();
  }

  /** After a restart: whether the run has work that is not a gate, so it must resume at once. */
  public boolean needsPassNow() {
    return runner.isParked() && dag.hasReady() && runner.unpark();
  }

  /** Cleans up the sandbox of a parked run (the orchestrator is closing); a later pass re-creates it. */
  public void releaseParkedSandbox() {
    if (runner.isParked() && sandbox != null && services.sandboxRetention() == SandboxRetention.CLEAN_UP) {
      release(sandbox);
      sandbox = null;
      setUp = false;
    }
  }

  private NodeDefinition workflowNode(String id) {
    try {
      return workflow.node(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** One pass; returns how it ended ({@code PARKED}: the run goes on after a decision). */
  public DagRunner.Pass runPass() {
    MDC.put(MDC_KEY, state.current().id().value());
    control.enter();
    DagRunner.Pass end = null;
    String error = null;
    try {
      if (!control.cancelled() && !setUp) {
        state.status(WorkOrderStatus.RUNNING);
        setUp();
      } else if (!control.cancelled()) {
        state.status(WorkOrderStatus.RUNNING);
      }
      end = runner.runPass();
      error = runner.error();
    } catch (RuntimeException e) {
      error = Redactor.patternsOnly().redact(String.valueOf(e.getMessage()));
      if (e instanceof dev.awo.domain.AwoException) {
        // an expected failure (repository missing, issue unreadable, sandbox refused): its message says it all
        log(Level.WARN, "agent_work_order_errored").addKeyValue("error", error).log();
      } else {
        log(Level.ERROR, "agent_work_order_errored").addKeyValue("error", error).setCause(e).log();
      }
    } finally {
      if (end != DagRunner.Pass.PARKED) {
        measure(sandbox);
        release(sandbox);
        WorkOrderStatus status = control.cancelled() ? WorkOrderStatus.CANCELLED
            : error != null ? WorkOrderStatus.FAILED : WorkOrderStatus.COMPLETED;
        if (!state.current().status().isTerminal()) {
          finish(status, status == WorkOrderStatus.CANCELLED ? "cancelled" : error);
        }
      }
      control.leave();
      MDC.remove(MDC_KEY);
    }
    return end == null ? DagRunner.Pass.FAILED : end;
  }

  /**
   * Sends a follow-up prompt to the agent in the kept sandbox, resuming the last agent session,
   * through the same attempt and recording path as every agent node. Call only after the run ended,
   * one at a time (the orchestrator guarantees both).
   *
   * @throws HistoryNotSavedException when the step could not be saved and the save failure policy
   *     fails the work order (which it then does)
   */
  public StepResult followUp(String text) {
    MDC.put(MDC_KEY, state.current().id().value());
    try {
      StepHistory history = recorder.current();
      String session = null;
      for (int i = history.size() - 1; i >= 0 && session == null; i--) {
        session = history.results().get(i).sessionId();
      }
      int attempt = 1 + (int) history.results().stream()
          .filter(r -> r.step().equals(NodeExecutor.FOLLOW_UP_STEP)).count();
      NodeExecutor followUps = new NodeExecutor(services, workflow, parts.withFreshControl());
      followUps.attach(sandbox, Map.of());
      NodeExecutor.FollowUp done = followUps.followUp(text, session, attempt, history.size() + 1);
      if (done.fatalError() != null) {
        finish(WorkOrderStatus.FAILED, done.fatalError());
        throw new HistoryNotSavedException("The follow-up prompt ran but " + done.fatalError()
            + "; the work order is marked failed (SaveFailurePolicy.FAIL_WORK_ORDER)");
      }
      state.currentStep(null);
      return done.result();
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  private LoggingEventBuilder log(Level level, String event) {
    return RunLog.at(LOG, level, state.current().id().value(), event);
  }

  private void setUp() {
    sandbox = new RunSandbox(services, state).setUp(nodes, recoveredRun).sandbox();
    setUp = true;
  }

  private void measure(Sandbox sandbox) {
    new RunSandbox(services, state).measure(sandbox);
  }

  private void release(Sandbox sandbox) {
    new RunSandbox(services, state).release(sandbox, retainSandbox);
  }

  private void finish(WorkOrderStatus status, String error) {
    state.update(b -> b.status(status).currentStep(null).errorMessage(status == WorkOrderStatus.COMPLETED ? null : error));
  }

  /** What the runner asks of this run. */
  private final class Work implements DagRunner.NodeWork {
    @Override
    public DagRunner.Finish run(NodeDefinition node) {
      return nodes.run(node);
    }

    @Override
    public void skipped(NodeDefinition node) {
      nodes.skip(node);
    }

    @Override
    public void gateOpened(NodeDefinition node) {
      nodes.openGate(node);
    }

    @Override
    public void gateAbandoned(NodeDefinition node, boolean cancelled) {
      nodes.abandonGate(node, cancelled);
    }

    @Override
    public void parking() {
      List<String> gates = openGates();
      state.update(b -> b.status(WorkOrderStatus.WAITING).currentStep(gates.isEmpty() ? null : gates.get(0)));
    }
  }
}
