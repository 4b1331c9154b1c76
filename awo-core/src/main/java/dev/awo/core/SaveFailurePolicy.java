package dev.awo.core;

/** What happens when a step history save still fails after every retry. */
public enum SaveFailurePolicy {
  /**
   * Listeners are told ({@code save_failed}) and the run goes on: the next save carries every
   * earlier result, so the stored history heals. The default.
   */
  CONTINUE,
  /** Listeners are told and the work order fails. */
  FAIL_WORK_ORDER
}
