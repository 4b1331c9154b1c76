package dev.awo.core.internal;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Starts every log line of a run: the event name ({@code {noun}_{verb_past_tense}}) as the message
 * and the work order id as a key-value pair, so structured log backends see it even without the
 * MDC. By default a run logs one INFO line when it starts and one when it ends; per-step lines are
 * DEBUG. Thread-safe (stateless).
 */
public final class RunLog {
  private RunLog() {}

  /** A log line about work order {@code workOrderId}. */
  public static LoggingEventBuilder at(Logger log, Level level, String workOrderId, String event) {
    return log.atLevel(level).setMessage(event).addKeyValue(WorkOrderRun.MDC_KEY, workOrderId);
  }
}
