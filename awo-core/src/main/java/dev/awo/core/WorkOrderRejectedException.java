package dev.awo.core;

import dev.awo.domain.AwoException;

/**
 * A valid work order was not accepted because there is no room to run it: the executor refused it
 * (its queue is full, or it was shut down). Nothing of it was stored or kept; submit it again
 * later, or give the orchestrator a larger executor.
 */
public class WorkOrderRejectedException extends AwoException {
  private static final long serialVersionUID = 1L;

  public WorkOrderRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
