package dev.awo.examples;

import dev.awo.domain.WorkOrderId;
import dev.awo.spi.event.WorkOrderEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The state of the runner's running line: the steps running now, each with its label ({@code
 * [4/7] generate_branch}), when it started and the agent's latest action. The line shows the step
 * that changed last: its label, the time since it started and its latest action, e.g. {@code [4/7]
 * generate_branch  1m05s  Bash: git checkout -b feature-x}. Time is read from {@code nanoTime}, so
 * a test can move it. Thread-safe: every method holds the monitor.
 */
final class RunningLine {
  static final int ACTION_CHARS = 70;

  private final LongSupplier nanoTime;
  private final Map<String, Running> running = new LinkedHashMap<>();

  private static final class Running {
    final String label;
    final long startedNanos;
    String action = "running...";
    long reportedNanos;

    Running(String label, long startedNanos) {
      this.label = label;
      this.startedNanos = startedNanos;
      this.reportedNanos = startedNanos;
    }
  }

  RunningLine(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  private static String key(WorkOrderId id, String step) {
    return id.value() + "/" + step;
  }

  /** A step started: it becomes the one the line shows. */
  synchronized void started(WorkOrderEvent.StepStarted e, String label) {
    running.remove(key(e.workOrderId(), e.step()));
    running.put(key(e.workOrderId(), e.step()), new Running(label, nanoTime.getAsLong()));
  }

  /** The agent of a running step did something; true when the line's text changed. */
  synchronized boolean agent(WorkOrderEvent.AgentEventReceived e) {
    Running step = running.get(key(e.workOrderId(), e.step()));
    String action = AgentActions.summary(e.event(), ACTION_CHARS);
    if (step == null || action == null) {
      return false;
    }
    step.action = action;
    running.remove(key(e.workOrderId(), e.step()));
    running.put(key(e.workOrderId(), e.step()), step);
    return true;
  }

  /** A step's result was saved: it no longer runs. */
  synchronized void ended(WorkOrderId id, String step) {
    running.remove(key(id, step));
  }

  /** The work order ended: none of its steps runs any more (also those whose result could not be saved). */
  synchronized void finished(WorkOrderId id) {
    running.keySet().removeIf(k -> k.startsWith(id.value() + "/"));
  }

  /** True while some step runs. */
  synchronized boolean active() {
    return !running.isEmpty();
  }

  /** The line for the step that changed last, or null when none runs. */
  synchronized String line() {
    Running step = last();
    return step == null ? null : format(step);
  }

  /**
   * A plain progress line for a step that has run {@code every} nanoseconds since it was last
   * reported (started or reported here), or null: the heartbeat where the line cannot be redrawn.
   */
  synchronized String heartbeat(long every) {
    long now = nanoTime.getAsLong();
    for (Running step : running.values()) {
      if (now - step.reportedNanos >= every) {
        step.reportedNanos = now;
        return format(step);
      }
    }
    return null;
  }

  private Running last() {
    Running last = null;
    for (Running step : running.values()) {
      last = step;
    }
    return last;
  }

  private String format(Running step) {
    return step.label + "  " + elapsed(nanoTime.getAsLong() - step.startedNanos) + "  " + step.action;
  }

  /** {@code 7s}, {@code 1m05s}, {@code 2h03m}. */
  static String elapsed(long nanos) {
    long seconds = Math.max(0, nanos / 1_000_000_000L);
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
