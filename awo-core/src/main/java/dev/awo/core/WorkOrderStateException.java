package dev.awo.core;

import dev.awo.domain.AwoException;

/**
 * The work order exists but is in no state for what was asked: a follow-up prompt while it still
 * runs, or after its sandbox was cleaned up. The message says what to do instead.
 */
public class WorkOrderStateException extends AwoException {
  private static final long serialVersionUID = 1L;

  public WorkOrderStateException(String message) {
    super(message);
  }
}
