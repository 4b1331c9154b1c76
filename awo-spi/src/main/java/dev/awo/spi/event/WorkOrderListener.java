package dev.awo.spi.event;

/**
 * Hears what happens to work orders: steps starting, history saves, status changes, save failures
 * and live agent output. Override {@link #onEvent} to handle every event in one place, or the typed
 * methods for the ones you care about.
 *
 * <pre>{@code
 * WorkOrderListener progress = new WorkOrderListener() {
 *   public void onHistorySaved(WorkOrderEvent.HistorySaved saved) {
 *     System.out.println(saved.result().step() + " saved as version " + saved.snapshot().version());
 *   }
 * };
 * }</pre>
 *
 * <p>Listeners are called on the thread running the work order, in order, one event at a time per
 * work order; events of different work orders may arrive concurrently, so implementations must be
 * thread-safe. A listener should return quickly. Whatever it throws is logged at WARN and otherwise
 * ignored: a listener cannot break a run or keep other listeners from hearing an event.
 */
public interface WorkOrderListener {

  /** Receives every event; by default dispatches to the typed methods below. */
  default void onEvent(WorkOrderEvent event) {
    if (event instanceof WorkOrderEvent.StepStarted e) {
      onStepStarted(e);
    } else if (event instanceof WorkOrderEvent.HistorySaved e) {
      onHistorySaved(e);
    } else if (event instanceof WorkOrderEvent.StatusChanged e) {
      onStatusChanged(e);
    } else if (event instanceof WorkOrderEvent.SaveFailed e) {
      onSaveFailed(e);
    } else if (event instanceof WorkOrderEvent.AgentEventReceived e) {
      onAgentEvent(e);
    }
  }

  default void onStepStarted(WorkOrderEvent.StepStarted event) {}

  default void onHistorySaved(WorkOrderEvent.HistorySaved event) {}

  default void onStatusChanged(WorkOrderEvent.StatusChanged event) {}

  default void onSaveFailed(WorkOrderEvent.SaveFailed event) {}

  default void onAgentEvent(WorkOrderEvent.AgentEventReceived event) {}
}
