package dev.awo.core.internal;

import dev.awo.core.GateAlreadyDecidedException;
import dev.awo.core.GateNotWaitingException;
import dev.awo.core.HistoryNotSavedException;
import dev.awo.core.SandboxRetention;
import dev.awo.core.StoreUnavailableException;
import dev.awo.core.UnknownGateException;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.Sandbox;
import java.util.List;
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
 * replayed into the scheduler and its node outputs restored from the saved results; its next pass
 * works in the sandbox recovery took over, or in a new one when no saved step had touched one.
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
  private RecoveredSandbox adopted;
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
   * A work order found non-terminal after a restart, rebuilt from its saved history ({@link
   * HistoryReplay}): finished nodes replayed, outputs and the work order's context restored (so gate
   * messages render as before the restart), the attempt in flight recorded interrupted, the sandbox
   * taken over by recovery adopted, its open gates waiting for a decision again. When the plan says
   * the work cannot be recovered, the run's next pass fails it with that reason.
   */
  static WorkOrderRun recovered(RunServices services, CompiledWorkflow workflow, RunParts parts,
      Consumer<Sandbox> retainSandbox, RecoveryPlan plan) {
    WorkOrderRun run = new WorkOrderRun(services, workflow, parts, retainSandbox, true);
    WorkOrder order = parts.state().current();
    run.nodes.attach(null, run.lifecycle().restoredContext(order));
    run.nodes.restore(parts.recorder().current());
    new HistoryReplay(services, workflow, run.dag, run.nodes, parts).replay(plan.interruptedStep(), order.updatedAt());
    if (plan.failure() != null) {
      parts.control().fail(plan.failure());
    }
    run.adopted = plan.sandbox();
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
   * Records a decision on an open gate and hands it to the run. The gate is claimed only while the
   * run is open ({@link RunControl#whileOpen}): a decision and a cancel resolve once, the first one
   * counts, and of two decisions only the first is taken.
   *
   * @return true when the run was parked: the caller must start its next pass
   * @throws UnknownGateException when the workflow has no human gate of that name
   * @throws GateAlreadyDecidedException when the gate took a decision before
   * @throws GateNotWaitingException when the gate waits for no decision now (not reached, or cancelled)
   */
  public boolean decide(String gate, boolean approved, String reason) {
    NodeDefinition node = workflowNode(gate);
    WorkOrderId id = state.current().id();
    if (node == null || node.type() != NodeType.HUMAN_GATE) {
      throw new UnknownGateException(id, gate, workflow.humanGates());
    }
    if (!control.whileOpen(() -> runner.claimGate(gate))) {
      throw notWaiting(id, gate);
    }
    MDC.put(MDC_KEY, id.value());
    try {
      runner.deliver(nodes.decideGate(node, approved, reason));
    } finally {
      MDC.remove(MDC_KEY);
    }
    return runner.unpark();
  }

  private GateNotWaitingException notWaiting(WorkOrderId id, String gate) {
    String decision = recorder.current().latest(gate).map(r -> r.data().get("decision")).orElse(null);
    if (decision != null) {
      return new GateAlreadyDecidedException("The human gate '" + gate + "' of work order " + id.value()
          + " was already " + decision + "; a gate takes one decision", decision);
    }
    if (control.cancelled()) {
      return new GateNotWaitingException("Work order " + id.value() + " was cancelled; its gate '" + gate
          + "' takes no decision");
    }
    String open = openGates().isEmpty() ? "none" : String.join(", ", openGates());
    return new GateNotWaitingException("The human gate '" + gate + "' of work order " + id.value()
        + " is not waiting for a decision (waiting: " + open + ")");
  }

  /** Claims a parked run for a pass that will see it cancelled; true when the caller must run it. */
  public boolean unparkToCancel() {
    return runner.unpark();
  }

  /**
   * After a restart: whether the run has work that is not a gate, or is not waiting for any gate
   * (every step was saved, or it failed or was cancelled before the restart, or its work was lost),
   * so it must resume at once — to go on, or to end.
   */
  public boolean needsPassNow() {
    boolean mustEnd = control.fatalError() != null || control.cancelled() || runner.openGates().isEmpty();
    return runner.isParked() && (mustEnd || dag.hasReady()) && runner.unpark();
  }

  /** The reason the run will fail, when recovery found its work lost or its failure already saved; else null. */
  public String failureAtRecovery() {
    return recoveredRun ? control.fatalError() : null;
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
      if (control.fatalError() != null) {
        error = control.fatalError(); // recovery found the work lost or failed: no node runs
        sandbox = adopted == null ? null : adopted.sandbox(); // released below like any other
        adopted = null;
      } else if (!control.cancelled() && !setUp) {
        state.status(WorkOrderStatus.RUNNING);
        setUp();
      } else if (!control.cancelled()) {
        state.status(WorkOrderStatus.RUNNING);
      }
      end = runner.runPass();
      error = runner.error() != null ? runner.error() : error;
    } catch (RuntimeException e) {
      error = Redactor.patternsOnly().redact(String.valueOf(e.getMessage()));
      if (e instanceof dev.awo.domain.AwoException) {
        // an expected failure (repository missing, issue unreadable, sandbox refused): its message says it all
        log(Level.WARN, "agent_work_order_errored").addKeyValue("error", error).log();
      } else {
        log(Level.ERROR, "agent_work_order_errored").addKeyValue("error", error).setCause(e).log();
      }
    } finally {
      control.leave(); // from here on a cancel interrupts nothing: the writes below must not be disturbed
      if (end != DagRunner.Pass.PARKED && state.lost() != null) {
        stopUnrecorded();
      } else if (end != DagRunner.Pass.PARKED) {
        // the outcome is decided before the sandbox is measured and released: a cancel from now on is too late
        WorkOrderStatus status = !control.settle() ? WorkOrderStatus.CANCELLED
            : error != null ? WorkOrderStatus.FAILED : WorkOrderStatus.COMPLETED;
        try {
          measure(sandbox);
          release(sandbox);
          if (!state.current().status().isTerminal()) {
            finish(status, status == WorkOrderStatus.CANCELLED ? "cancelled" : error);
          }
        } catch (StoreUnavailableException e) { // the end could not be written: nobody hears of it
          logStoppedUnrecorded();
        }
      }
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
      return NodeExecutor.followUp(services, workflow, parts.withFreshControl(), sandbox, text);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  private LoggingEventBuilder log(Level level, String event) {
    return RunLog.at(LOG, level, state.current().id().value(), event);
  }

  private void setUp() {
    RecoveredSandbox taken = adopted;
    adopted = null;
    sandbox = lifecycle().setUp(nodes, recoveredRun, taken).sandbox();
    setUp = true;
  }

  private RunSandbox lifecycle() {
    return new RunSandbox(services, state);
  }

  private void measure(Sandbox sandbox) {
    lifecycle().measure(sandbox);
  }

  private void release(Sandbox sandbox) {
    lifecycle().release(sandbox, retainSandbox);
  }

  /**
   * The store could not be written for good: the run stops where the store last saw it, announcing
   * no end the store does not have, and gives its sandbox back (recovery starts from what was saved).
   */
  private void stopUnrecorded() {
    logStoppedUnrecorded();
    lifecycle().giveBack(sandbox, retainSandbox);
  }

  private void logStoppedUnrecorded() {
    log(Level.ERROR, "agent_work_order_stopped_unrecorded").addKeyValue("status", state.current().status().wireName())
        .addKeyValue("error", state.lost()).log();
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
