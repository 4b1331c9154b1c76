package dev.awo.core;

import dev.awo.domain.AwoException;

/**
 * The host's store could not be written within the {@link SaveRetryPolicy}'s attempts and time
 * budget, so the run stopped where it was rather than go on unrecorded. The work order is left as
 * the store last recorded it (listeners heard nothing the store does not say), for {@code recover()}
 * or another owner to take up once the store is back. Thrown by {@link WorkflowOrchestrator#submit}
 * when even the first row could not be stored, and the exception a stopped run's {@link
 * WorkflowOrchestrator#completion} handle completes with. Immutable and safe to share between
 * threads.
 */
public class StoreUnavailableException extends AwoException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }
}
