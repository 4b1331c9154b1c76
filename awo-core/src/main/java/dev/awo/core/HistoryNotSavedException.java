package dev.awo.core;

import dev.awo.domain.AwoException;

/**
 * A step ran but its result could not be saved after every retry, and the {@link
 * SaveFailurePolicy#FAIL_WORK_ORDER} policy failed the work order because of it. Thrown by calls
 * that return a step's result to the caller, such as {@link WorkflowOrchestrator#prompt}; the
 * message names the step. Listeners have heard {@code save_failed}.
 */
public class HistoryNotSavedException extends AwoException {
  private static final long serialVersionUID = 1L;

  public HistoryNotSavedException(String message) {
    super(message);
  }
}
