package dev.awo.spi.event;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentEvent;
import java.time.Instant;

/**
 * Something that happened to a work order, as told to {@link WorkOrderListener}s. Each event's
 * {@link #name()} follows the {@code noun_verb_past_tense} convention used in logs and JSON.
 *
 * <p>All implementations are immutable records.
 */
public sealed interface WorkOrderEvent {

  WorkOrderId workOrderId();

  Instant timestamp();

  /** The event's name in logs and JSON, e.g. {@code step_history_saved}. */
  String name();

  /**
   * A step attempt started.
   *
   * @param position the step's 1-based position in the workflow
   * @param total the number of steps in the workflow
   */
  record StepStarted(WorkOrderId workOrderId, Instant timestamp, String step, int attempt, int position, int total)
      implements WorkOrderEvent {
    @Override
    public String name() {
      return "step_started";
    }
  }

  /**
   * A snapshot was saved through the repository; {@code result} is the one it added. Listeners hear
   * this only after the save returned.
   */
  record HistorySaved(WorkOrderId workOrderId, Instant timestamp, StepHistory snapshot, StepResult result)
      implements WorkOrderEvent {
    @Override
    public String name() {
      return "step_history_saved";
    }
  }

  /** The work order's status changed; {@code workOrder} is the new state as saved. */
  record StatusChanged(
      WorkOrderId workOrderId, Instant timestamp, WorkOrderStatus previous, WorkOrderStatus current, WorkOrder workOrder)
      implements WorkOrderEvent {
    @Override
    public String name() {
      return "status_changed";
    }
  }

  /**
   * Saving a snapshot failed after every retry.
   *
   * @param version the version that could not be saved
   * @param attempts how many times it was tried
   * @param error the last failure, secrets redacted
   * @param runContinues whether the run goes on (the default policy) or fails
   */
  record SaveFailed(
      WorkOrderId workOrderId, Instant timestamp, long version, int attempts, String error, boolean runContinues)
      implements WorkOrderEvent {
    @Override
    public String name() {
      return "save_failed";
    }
  }

  /** The agent running {@code step} reported {@code event}, live. */
  record AgentEventReceived(WorkOrderId workOrderId, Instant timestamp, String step, AgentEvent event)
      implements WorkOrderEvent {
    @Override
    public String name() {
      return "agent_event";
    }
  }
}
