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
 * <p>Each work order's events reach a listener in the order they happened, one event at a time —
 * also when the work order's nodes run in parallel: a history save is heard only after it is
 * stored, versions in ascending order, a step's start before its save, the final status last.
 * Listeners are called on the orchestrator's listener executor, not on the threads running the
 * work order, so a slow listener delays only the later events it hears, never the run or its
 * saves. Events of different work orders may arrive concurrently, so implementations must be
 * thread-safe. Whatever a listener throws is logged at WARN and otherwise ignored: a listener
 * cannot break a run or keep other listeners from hearing an event.
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
