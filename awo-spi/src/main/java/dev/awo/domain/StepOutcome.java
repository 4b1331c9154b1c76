package dev.awo.domain;

import java.util.Locale;

/**
 * How one attempt of one step ended: the truth about a {@link StepResult}. Only {@link #FAILED} is
 * a failure; a {@link #SKIPPED} step was not needed, a {@link #CANCELLED} one was stopped.
 */
public enum StepOutcome {
  SUCCEEDED,
  FAILED,
  /** Not run because a condition did not choose its branch, or all its inputs were skipped. */
  SKIPPED,
  /** Stopped because the work order was cancelled. */
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
