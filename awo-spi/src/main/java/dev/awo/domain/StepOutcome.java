package dev.awo.domain;

import java.util.Locale;

/**
 * How one attempt of one step ended: the truth about a {@link StepResult}. Only {@link #FAILED} is
 * a failure; a {@link #SKIPPED} step was not needed, a {@link #CANCELLED} one was stopped, an
 * {@link #INTERRUPTED} one was cut short by a crash.
 */
public enum StepOutcome {
  SUCCEEDED,
  FAILED,
  /** Not run because a condition did not choose its branch, or all its inputs were skipped. */
  SKIPPED,
  /** Stopped because the work order was cancelled. */
  CANCELLED,
  /**
   * In flight when the orchestrator running it died (a crash, a kill -9): recorded when a later
   * orchestrator recovered the work order, which then retried the step under its retry policy or
   * failed the work order.
   */
  INTERRUPTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
