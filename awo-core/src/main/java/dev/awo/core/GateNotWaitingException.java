package dev.awo.core;

/**
 * An approval or rejection came for a human gate that is not waiting for a decision now: the run
 * has not reached it, it was cancelled or the work order has ended. The message says which and
 * lists the gates that are waiting. Nothing was recorded. Immutable and safe to share between
 * threads.
 */
public class GateNotWaitingException extends WorkOrderStateException {
  private static final long serialVersionUID = 1L;

  public GateNotWaitingException(String message) {
    super(message);
  }
}
