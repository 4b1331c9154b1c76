package dev.awo.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.event.WorkOrderEvent;

/**
 * Listener events as flat JSON objects: always {@code event} (the event's name, e.g. {@code
 * step_history_saved}), {@code agent_work_order_id} and {@code timestamp}; then per event:
 * <ul>
 *   <li>{@code step_started}: {@code step}, {@code attempt}, {@code position}, {@code total};
 *   <li>{@code step_history_saved}: {@code step}, {@code success}, {@code steps} (results in the
 *       saved snapshot), {@code version}, {@code attempt}, {@code result} (the {@code /steps} shape);
 *   <li>{@code status_changed}: {@code previous}, {@code status}, {@code work_order};
 *   <li>{@code save_failed}: {@code version}, {@code attempts}, {@code error}, {@code run_continues};
 *   <li>{@code agent_event}: {@code step}, {@code type} and the agent event's own fields (an API
 *       retry's count is {@code retry_attempt}); with {@link #of(WorkOrderEvent, int)} also {@code
 *       attempt}, the attempt of the step the agent runs ({@link AgentEventAttempts} tells it).
 * </ul>
 *
 * <p>Agent texts, tool inputs and tool results are cut at {@value #MAX_AGENT_TEXT} characters. These
 * are the frames of {@code /events} and the fields of {@code /logs} entries.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class EventJson {
  /** The longest agent text, tool input or tool result an {@code agent_event} carries. */
  public static final int MAX_AGENT_TEXT = 2_000;

  private EventJson() {}

  /**
   * An agent event together with the attempt of the step it belongs to (which {@link
   * WorkOrderEvent.AgentEventReceived} does not carry; a listener learns it from the step's {@code
   * step_started}).
   */
  public static ObjectNode of(WorkOrderEvent event, int stepAttempt) {
    ObjectNode n = of(event);
    if (event instanceof WorkOrderEvent.AgentEventReceived) {
      n.put("attempt", stepAttempt);
    }
    return n;
  }

  /** {@code event} as one flat JSON object in the shapes listed above (a new tree the caller owns). */
  public static ObjectNode of(WorkOrderEvent event) {
    ObjectNode n = WorkOrderJson.object();
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
    } else if (event instanceof WorkOrderEvent.AgentEventReceived e) {
      n.put("step", e.step());
      agentEvent(n, e.event());
    }
    return n;
  }

  /** Whether {@code event} ends its work order: a {@code status_changed} to a terminal status. */
  public static boolean endsWorkOrder(WorkOrderEvent event) {
    return event instanceof WorkOrderEvent.StatusChanged s && s.current().isTerminal();
  }

  private static void agentEvent(ObjectNode n, AgentEvent event) {
    n.put("type", event.type());
    if (event instanceof AgentEvent.Init e) {
      n.put("session_id", e.sessionId()).put("model", e.model());
    } else if (event instanceof AgentEvent.AssistantText e) {
      n.put("text", cap(e.text()));
    } else if (event instanceof AgentEvent.ToolUse e) {
      n.put("tool", e.toolName()).put("tool_use_id", e.toolUseId()).put("input", cap(e.inputJson()));
    } else if (event instanceof AgentEvent.ToolResult e) {
      n.put("tool_use_id", e.toolUseId()).put("is_error", e.error()).put("content", cap(e.content()));
    } else if (event instanceof AgentEvent.Result e) {
      n.put("subtype", e.subtype()).put("is_error", e.error()).put("session_id", e.sessionId())
          .put("total_cost_usd", e.totalCostUsd()).put("turns", e.turns()).put("result", cap(e.resultText()));
      n.set("usage", WorkOrderJson.tokens(e.usage()));
    } else if (event instanceof AgentEvent.Usage e) {
      n.put("message_id", e.messageId()).put("model", e.model()).set("usage", WorkOrderJson.tokens(e.usage()));
    } else if (event instanceof AgentEvent.ApiRetry e) {
      n.put("retry_attempt", e.attempt()).put("max_retries", e.maxRetries()).put("error_status", e.errorStatus());
    } else if (event instanceof AgentEvent.Other e) {
      n.put("original_type", e.originalType());
    } else if (event instanceof AgentEvent.Malformed e) {
      n.put("problem", e.problem());
    }
  }

  private static String cap(String text) {
    return text == null || text.length() <= MAX_AGENT_TEXT ? text : text.substring(0, MAX_AGENT_TEXT) + "…";
  }
}
