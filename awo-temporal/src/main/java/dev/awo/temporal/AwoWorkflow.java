package dev.awo.temporal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;

/**
 * The Temporal workflow that runs one awo work order (workflow id = work order id) through its
 * compiled workflow: agent and tool node attempts are activities, conditions are evaluated here,
 * human gates wait for the {@link #decide} signal. Its implementation is deterministic (no I/O, no
 * wall clock, no threads); everything a host sees is saved by the activities through the host's
 * repositories. Instances are made and driven by Temporal, one per run, on its workflow thread
 * (not thread-safe, and need not be); not for direct use.
 */
@WorkflowInterface
public interface AwoWorkflow {

  /**
   * Runs the work order to its end.
   *
   * @return the final status's wire name ({@code completed}, {@code failed}, {@code cancelled})
   */
  @WorkflowMethod
  String run(RunInput input);

  /** A person's decision on an open human gate; ignored for a gate that is not open. */
  @SignalMethod
  void decide(GateDecision decision);

  /**
   * A person's decision on an open human gate, returning once it is saved as the gate's step
   * result (what {@link TemporalWorkOrders#approve} and {@link TemporalWorkOrders#reject} use).
   * Refused by {@link #validateDecision} when the gate is not open.
   */
  @UpdateMethod
  void decideNow(GateDecision decision);

  /** Refuses a decision on a gate that is not open, or already decided. */
  @UpdateValidatorMethod(updateName = "decideNow")
  void validateDecision(GateDecision decision);

  /** The human gates waiting for a decision now, each with its message (bindings resolved). */
  @QueryMethod
  Map<String, String> openGates();

  /**
   * The own task queue of the worker that holds the work order's sandbox (after the run: the one
   * that ran {@code finish}, which keeps it under {@code SandboxRetention.KEEP}); null while none
   * does. Answered for a closed execution too (Temporal replays its history on a workflow worker):
   * this is how {@link TemporalWorkOrders#prompt} finds the worker keeping the sandbox.
   */
  @QueryMethod
  String sandboxQueue();

  /**
   * What the workflow runs: the work order (whose row the client stored first), the name of its
   * workflow, and how many of its nodes may run at once. Immutable and thread-safe.
   */
  record RunInput(String workOrderId, String workflow, int maxParallelNodes) {}

  /** A decision on gate {@code gate}; {@code reason} may be null when approved. Immutable and thread-safe. */
  record GateDecision(String gate, boolean approved, String reason) {}
}
