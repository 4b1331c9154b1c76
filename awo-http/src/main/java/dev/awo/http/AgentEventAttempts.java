package dev.awo.http;

import dev.awo.domain.WorkOrderId;
import dev.awo.spi.event.WorkOrderEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The attempt of the step each agent event belongs to, for {@link EventJson#of(WorkOrderEvent,
 * int)}. {@link WorkOrderEvent.AgentEventReceived} names its step but not the attempt; a listener
 * hears a work order's events one at a time and in order, so an agent event belongs to the attempt
 * of the last {@code step_started} before it. The entry is dropped when that step's result is saved
 * and when the work order ends, so nothing is kept for a work order that no longer runs.
 *
 * <pre>{@code
 * int attempt = attempts.hear(event);          // every event, in the order the listener hears them
 * ObjectNode json = EventJson.of(event, attempt);
 * }</pre>
 *
 * <p>Thread-safe: different work orders may be heard on different threads; the events of one work
 * order must be passed in the order they were published (as the orchestrator's listeners hear them).
 */
public final class AgentEventAttempts {
  private final ConcurrentMap<WorkOrderId, Integer> running = new ConcurrentHashMap<>();

  /**
   * Takes note of {@code event} and answers the attempt of the step running when it was published
   * (1 when no {@code step_started} was heard for it, e.g. for a listener added mid-step).
   */
  public int hear(WorkOrderEvent event) {
    WorkOrderId id = event.workOrderId();
    if (event instanceof WorkOrderEvent.StepStarted started) {
      running.put(id, started.attempt());
      return started.attempt();
    }
    if (event instanceof WorkOrderEvent.HistorySaved || EventJson.endsWorkOrder(event)) {
      Integer attempt = running.remove(id); // the next agent event follows a new step_started
      return attempt == null ? 1 : attempt;
    }
    return running.getOrDefault(id, 1);
  }

  /** How many work orders have a running step noted now (for tests: it drops to 0 once they end). */
  public int size() {
    return running.size();
  }
}
