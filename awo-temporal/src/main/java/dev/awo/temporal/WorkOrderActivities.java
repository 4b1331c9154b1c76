package dev.awo.temporal;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * The activities of {@link AwoWorkflow}: everything with I/O. Every step result is saved through
 * the host's {@link dev.awo.spi.persistence.StepHistoryRepository} inside the activity, before it
 * completes, then announced to the host's listeners; a retried activity finds a result it already
 * saved and returns it instead of saving it again (idempotent per work order, node and attempt).
 * All but {@link #setUp} run on the worker-specific task queue of the worker holding the work
 * order's sandbox. Implemented by awo's workers (thread-safely: Temporal calls them from many
 * threads at once); not for direct use.
 */
@ActivityInterface(namePrefix = "awo_")
public interface WorkOrderActivities {

  /**
   * Marks the work order running, gathers its context (repository verified, issue fetched) and
   * creates its sandbox on this worker. After a worker was lost with saved steps, it takes the
   * sandbox over by the embedded engine's crash-recovery rule instead (re-attached, or re-created
   * from the work order's pushed branch at the head the last saved step recorded), and fails
   * non-retryably with the reason when it cannot: never a fresh sandbox without the work.
   *
   * @return this worker's own task queue and the context nodes bind as {@code $context}
   */
  SetUp setUp(String workOrderId, String workflow);

  /**
   * One attempt of an agent or tool node: run, check, save, announce; fails when the attempt failed
   * (type {@code awo_step_failed}, its details the attempt's number; retryable when the node's
   * policy retries that kind of failure). The attempt's number is always the node's saved attempts
   * + 1. {@code attempt} is the number the workflow asks for: when that attempt is saved already
   * (its completion was lost, or its worker died after the save), its saved result is the answer
   * and nothing runs. {@link #NEXT_ATTEMPT} (0, also what a task scheduled before this parameter
   * existed decodes to) runs the next attempt unless the node succeeded.
   */
  StepDone runNode(String workOrderId, String nodeId, int attempt);

  /** The {@code attempt} of {@link #runNode} that asks for the node's next attempt, whichever it is. */
  int NEXT_ATTEMPT = 0;

  /**
   * Records the attempt of {@code nodeId} that a lost worker was running as interrupted, by the
   * embedded engine's crash-recovery rule: unless its result was saved before the worker was lost,
   * the attempt (number: saved attempts + 1) is saved {@link dev.awo.domain.StepOutcome#INTERRUPTED},
   * and the node's retry policy decides whether it runs again. {@code losses} counts the workers
   * this node has been lost with so far, so that a second delivery of the same call saves nothing.
   *
   * @return how the node ended when its retry policy runs it no more, or null when it runs again
   *     (or its result was saved already)
   */
  StepDone recordInterrupted(String workOrderId, String nodeId, int losses);

  /** Saves and announces a condition node that the workflow evaluated to {@code value}. */
  StepDone recordCondition(String workOrderId, String nodeId, String value);

  /** Saves and announces that these nodes will not run (no edge into them was taken). */
  void recordSkipped(String workOrderId, List<String> nodeIds);

  /** Announces that a human gate waits for a decision. */
  void openGate(String workOrderId, String nodeId);

  /** Saves a decision on a gate (and marks a waiting work order running again). */
  StepDone decideGate(String workOrderId, String nodeId, boolean approved, String reason);

  /** Saves a gate left undecided when the run stopped. */
  void abandonGate(String workOrderId, String nodeId, boolean cancelled);

  /** Marks the work order waiting at {@code gates}. */
  void park(String workOrderId, List<String> gates);

  /**
   * Ends the run: measures the diff, cleans up the sandbox (under {@code SandboxRetention.KEEP} this
   * worker keeps it for follow-up prompts instead, within the {@code KeptSandboxLimits}), saves the
   * final status (then the listeners hear it) and waits for the listeners to have heard every event
   * of the run.
   */
  void finish(String workOrderId, String status, String error);

  /** What {@link #setUp} answers. Immutable and thread-safe. */
  record SetUp(String taskQueue, Map<String, String> context) {}

  /**
   * How a node ended: {@code outcome} a {@link dev.awo.domain.StepOutcome} wire name, the fields
   * later nodes bind ({@code $node.field}; null when none), a condition's {@code value}, and the
   * error of a failure. Immutable and thread-safe.
   */
  record StepDone(String outcome, Map<String, String> fields, String value, String error) {}
}
