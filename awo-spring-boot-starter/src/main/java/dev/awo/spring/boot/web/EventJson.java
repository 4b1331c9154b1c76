package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.spi.event.WorkOrderEvent;

/**
 * Listener events as flat JSON objects, the shapes of the example host's event stream: always {@code event} (the event's name, e.g. {@code
 * step_history_saved}), {@code agent_work_order_id} and {@code timestamp}; then per event:
 * <ul>
 *   <li>{@code step_started}: {@code step}, {@code attempt}, {@code position}, {@code total};
 *   <li>{@code step_history_saved}: {@code step}, {@code success}, {@code steps} (results in the
 *       saved snapshot), {@code version}, {@code attempt}, {@code result} (the {@code /steps} shape);
 *   <li>{@code status_changed}: {@code previous}, {@code status}, {@code work_order};
 *   <li>{@code save_failed}: {@code version}, {@code attempts}, {@code error}, {@code run_continues};
 * </ul>
 *
 * <p>This class is stateless and thread-safe.
 */
final class EventJson {
  private EventJson() {}

  static ObjectNode of(WorkOrderEvent event) {
    ObjectNode n = WorkOrderJson.MAPPER.createObjectNode();
    n.put("event", event.name());
    n.put("agent_work_order_id", event.workOrderId().value());
    n.put("timestamp", event.timestamp().toString());
    if (event instanceof WorkOrderEvent.StepStarted e) {
      n.put("step", e.step()).put("attempt", e.attempt()).put("position", e.position()).put("total", e.total());
    } else if (event instanceof WorkOrderEvent.HistorySaved e) {
      n.put("step", e.result().step()).put("success", e.result().succeeded()).put("steps", e.snapshot().size())
          .put("version", e.snapshot().version()).put("attempt", e.result().attempt());
      n.set("result", WorkOrderJson.step(e.result()));
    } else if (event instanceof WorkOrderEvent.StatusChanged e) {
      n.put("previous", e.previous() == null ? null : e.previous().wireName()).put("status", e.current().wireName());
      n.set("work_order", WorkOrderJson.workOrder(e.workOrder()));
    } else if (event instanceof WorkOrderEvent.SaveFailed e) {
      n.put("version", e.version()).put("attempts", e.attempts()).put("error", e.error())
          .put("run_continues", e.runContinues());
    }
    return n;
  }
}
