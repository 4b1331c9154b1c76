package dev.awo.core.internal;

import dev.awo.core.WorkOrderStateException;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.sandbox.Sandbox;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Follow-up prompts to ended work orders whose sandbox is kept: the state checks (ended, one
 * prompt at a time, sandbox still there) and the hand-over to the run, whose node machinery runs
 * and records the exchange. Thread-safe.
 */
public final class FollowUps {
  private final RunRegistry registry;
  private final Duration listenerWait;

  public FollowUps(RunRegistry registry, Duration listenerWait) {
    this.registry = registry;
    this.listenerWait = listenerWait;
  }

  /** Sends {@code text} to the agent of {@code order}; see {@code WorkflowOrchestrator.prompt}. */
  public StepResult send(WorkOrder order, String text) {
    RunEntry entry = registry.find(order.id()).orElse(null);
    if (!order.status().isTerminal() || (entry != null && !entry.ended())) {
      throw notEnded(order);
    }
    if (entry != null && !entry.startPrompt()) {
      throw stillPrompting(order.id());
    }
    try {
      Sandbox sandbox = entry == null ? null : entry.keptSandbox();
      if (sandbox == null || !Files.isDirectory(sandbox.workingDirectory())) {
        throw sandboxGone(order.id(), NOT_KEPT);
      }
      return entry.run().followUp(text);
    } finally {
      if (entry != null) {
        entry.events().awaitFlushed(listenerWait);
        entry.endPrompt();
        registry.touch(entry);
      }
    }
  }

  /** Why a sandbox is gone when it was not kept: what the host must configure. */
  public static final String NOT_KEPT = "build the orchestrator with sandboxRetention(SandboxRetention.KEEP) to "
      + "prompt after a run (kept sandboxes are bounded by keptSandboxLimits)";

  /** The refusal of a prompt to a work order that has not ended (every engine's wording). */
  public static WorkOrderStateException notEnded(WorkOrder order) {
    return new WorkOrderStateException("Work order " + order.id() + " is " + order.status().wireName()
        + "; send follow-up prompts after it has ended");
  }

  /** The refusal of a prompt while another prompt to the work order runs. */
  public static WorkOrderStateException stillPrompting(dev.awo.domain.WorkOrderId id) {
    return new WorkOrderStateException("A follow-up prompt to work order " + id + " is still running; "
        + "send the next one after it has returned");
  }

  /** The refusal of a prompt whose sandbox is gone; {@code why} says what to do (e.g. {@link #NOT_KEPT}). */
  public static WorkOrderStateException sandboxGone(dev.awo.domain.WorkOrderId id, String why) {
    return new WorkOrderStateException("The sandbox of work order " + id + " is gone, so its agent session "
        + "cannot be resumed; " + why);
  }

  /**
   * Releases the kept sandbox of a work order; false if none was kept.
   *
   * @throws WorkOrderStateException while a follow-up prompt runs in it
   */
  public boolean release(dev.awo.domain.WorkOrderId id) {
    if (registry.find(id).filter(RunEntry::prompting).isPresent()) {
      throw new WorkOrderStateException("A follow-up prompt to work order " + id + " is running in its sandbox; "
          + "release the sandbox after it has returned");
    }
    return registry.release(id);
  }
}
