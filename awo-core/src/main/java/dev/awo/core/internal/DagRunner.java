package dev.awo.core.internal;

import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.FailureMode;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Runs a workflow's nodes as their dependencies allow: one coordinator thread (the thread of the
 * work order's run) hands each node to a worker the moment it becomes ready, at most {@code
 * maxParallel} at a time, and applies each finished node to the {@link DagState}. The workers are
 * this run's own (made by the host's thread factory as needed, at most {@code maxParallel}, gone
 * when the pass ends), so a run
 * never waits for a thread of the orchestrator's shared executor, and each worker registers with the
 * {@link RunControl} so that cancelling interrupts it (which kills its agent process). When exactly
 * one node is ready and none is running, the coordinator runs it itself.
 *
 * <p>A pass ends when nothing more can happen: every node finished (completed), a node failed
 * under {@code on_failure: fail} or the save policy failed the run (failed: no new node starts,
 * running ones finish and are recorded), the run was cancelled (running nodes are interrupted and
 * recorded cancelled; nodes that never started get no result), or only human gates are left open
 * (parked: the thread is given back, and a decision delivered later resumes the run in a new pass).
 *
 * <p>Decisions ({@link #claimGate}, {@link #deliver}, {@link #unpark}) may come from any thread;
 * everything else happens on the coordinator.
 */
public final class DagRunner {
  /** How a node ended; {@code value} is a condition's value, {@code error} the failure's reason. */
  public record Finish(String nodeId, DagState.Node outcome, String value, String error) {}

  /** How a pass ended. */
  public enum Pass { COMPLETED, FAILED, CANCELLED, PARKED }

  /** What the runner asks of the run around it. */
  public interface NodeWork {
    /** Runs an agent, tool or condition node through all its attempts (any thread). */
    Finish run(NodeDefinition node);

    /** Records that {@code node} will not run (coordinator). */
    void skipped(NodeDefinition node);

    /** A human gate is now waiting for a decision (coordinator). */
    void gateOpened(NodeDefinition node);

    /** A gate that was still open when the run stopped (coordinator). */
    void gateAbandoned(NodeDefinition node, boolean cancelled);

    /** Only gates are left: make the run ready to wait, e.g. status waiting (coordinator). */
    void parking();
  }

  private static final Runnable POISON = () -> {};

  private final CompiledWorkflow workflow;
  private final DagState state;
  private final RunControl control;
  private final NodeWork work;
  private final int maxParallel;
  private final ThreadFactory threads;
  private final String mdcValue;
  private final LinkedBlockingQueue<Finish> completions = new LinkedBlockingQueue<>();
  private final Set<String> openGates = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean parked = new AtomicBoolean();
  private int running;
  private String error;

  /**
   * A runner whose parallel nodes run on threads from {@code threads} (named after the work order
   * by the caller), each with {@code mdcValue} as the work order id in the MDC.
   */
  public DagRunner(CompiledWorkflow workflow, DagState state, RunControl control, NodeWork work, int maxParallel,
      ThreadFactory threads, String mdcValue) {
    this.workflow = workflow;
    this.state = state;
    this.control = control;
    this.work = work;
    this.maxParallel = maxParallel;
    this.threads = threads;
    this.mdcValue = mdcValue;
  }

  /** The reason the run failed, or null. */
  public String error() {
    return error;
  }

  /** The gates waiting for a decision now. */
  public Set<String> openGates() {
    return Set.copyOf(openGates);
  }

  /** Takes the right to decide {@code gate}; false if it is not open or someone else decided it. */
  public boolean claimGate(String gate) {
    return openGates.remove(gate);
  }

  /** Hands a decided gate to the coordinator. */
  public void deliver(Finish finish) {
    completions.add(finish);
  }

  /** True for exactly one caller after the run parked: that caller must start a new pass. */
  public boolean unpark() {
    return parked.compareAndSet(true, false);
  }

  /** After a restart: opens the ready gates again, without announcing them, and parks the run. */
  public void reopenGates() {
    for (NodeDefinition node : state.readyNodes()) {
      if (node.type() == NodeType.HUMAN_GATE) {
        state.start(node.id());
        openGates.add(node.id());
      }
    }
    parked.set(true);
  }

  public boolean isParked() {
    return parked.get();
  }

  /** Runs until the pass ends; see the class comment. */
  public Pass runPass() {
    Workers workers = new Workers();
    try {
      return loop(workers);
    } finally {
      workers.shutdown();
    }
  }

  private Pass loop(Workers workers) {
    while (true) {
      if (error == null && control.fatalError() != null) {
        error = control.fatalError();
      }
      boolean stopping = control.cancelled() || error != null;
      if (!stopping) {
        if (running == 0 && state.readyCount() == 1 && !isGate()) {
          NodeDefinition node = state.start();
          running++;
          apply(runGuarded(node));
          continue;
        }
        dispatch(workers);
      }
      if (running == 0) {
        if (stopping) {
          abandonGates(control.cancelled());
          return control.cancelled() ? Pass.CANCELLED : Pass.FAILED;
        }
        if (!state.hasReady() && completions.isEmpty()) {
          if (openGates.isEmpty()) {
            return Pass.COMPLETED;
          }
          work.parking();
          parked.set(true);
          // a decision or a cancel that came while parking found the run not parked yet and left
          // it to this thread: whoever wins the flag goes on (a cancel sets its flag before it tries)
          boolean more = !completions.isEmpty() || control.cancelled();
          if (!more || !parked.compareAndSet(true, false)) {
            return Pass.PARKED;
          }
          continue; // this thread won it: the loop takes the decision or sees the cancel
        }
      }
      Finish finish;
      try {
        finish = completions.take();
      } catch (InterruptedException e) {
        continue; // a cancellation: the loop sees it
      }
      apply(finish);
    }
  }

  private boolean isGate() {
    NodeDefinition next = state.peek();
    return next != null && next.type() == NodeType.HUMAN_GATE;
  }

  private void dispatch(Workers workers) {
    while (state.hasReady() && running < maxParallel) {
      NodeDefinition node = state.start();
      if (node.type() == NodeType.HUMAN_GATE) {
        openGates.add(node.id());
        work.gateOpened(node);
        continue;
      }
      running++;
      workers.submit(() -> {
        control.enter();
        MDC.put(WorkOrderRun.MDC_KEY, mdcValue);
        Finish finish;
        try {
          finish = runGuarded(node);
        } finally {
          MDC.remove(WorkOrderRun.MDC_KEY);
          control.leave();
        }
        return finish;
      });
    }
  }

  private Finish runGuarded(NodeDefinition node) {
    try {
      return work.run(node);
    } catch (Throwable e) { // NOPMD: the coordinator must hear of every node, or it would wait forever
      return new Finish(node.id(), DagState.Node.FAILED, null, node.id() + " could not run: " + e);
    }
  }

  private void apply(Finish finish) {
    NodeDefinition node = workflow.node(finish.nodeId());
    if (node.type() != NodeType.HUMAN_GATE) {
      running--;
    }
    if (finish.outcome() == DagState.Node.CANCELLED) {
      state.finish(node.id(), DagState.Node.CANCELLED, null);
      return;
    }
    List<NodeDefinition> skipped = state.finish(node.id(), finish.outcome(), finish.value());
    skipped.forEach(work::skipped);
    if (finish.outcome() == DagState.Node.FAILED && node.onFailure() == FailureMode.FAIL && error == null) {
      error = "step '" + node.id() + "' failed: " + (finish.error() == null ? "failed" : finish.error());
    }
  }

  private void abandonGates(boolean cancelled) {
    for (String gate : new ArrayList<>(openGates)) {
      if (openGates.remove(gate)) {
        work.gateAbandoned(workflow.node(gate), cancelled);
      }
    }
  }

  /** The run's own workers: at most {@code maxParallel}, created when every existing one is busy. */
  private final class Workers {
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();

    void submit(java.util.function.Supplier<Finish> task) {
      int nowBusy = busy.incrementAndGet();
      tasks.add(() -> {
        Finish finish = task.get();
        busy.decrementAndGet();
        completions.add(finish);
      });
      if (nowBusy > threads.size() && threads.size() < maxParallel) {
        Thread t = DagRunner.this.threads.newThread(this::work);
        threads.add(t);
        t.start();
      }
    }

    private void work() {
      while (true) {
        Runnable task;
        try {
          task = tasks.take();
        } catch (InterruptedException e) {
          continue; // a late interrupt meant for a finished node
        }
        if (task == POISON) {
          return;
        }
        task.run();
      }
    }

    void shutdown() {
      threads.forEach(t -> tasks.add(POISON));
    }
  }
}
