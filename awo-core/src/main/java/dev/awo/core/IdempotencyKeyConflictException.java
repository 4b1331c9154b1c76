package dev.awo.core;

import dev.awo.domain.WorkOrderId;

/**
 * A submission reused an idempotency key with a different request (another repository, workflow,
 * issue or user request) than the work order first submitted with it. Nothing is started; use a
 * new key for a new request. Like the other {@link WorkOrderStateException}s, an HTTP host answers
 * it with 409 Conflict. The message does not repeat the key.
 */
public class IdempotencyKeyConflictException extends WorkOrderStateException {
  private static final long serialVersionUID = 1L;
  private final transient WorkOrderId existing;

  public IdempotencyKeyConflictException(WorkOrderId existing, String difference) {
    super("The idempotency key was used for work order " + existing + " with a different " + difference
        + "; a key stands for one request: use a new key for a new request");
    this.existing = existing;
  }

  /** The work order first submitted with the key. */
  public WorkOrderId existing() {
    return existing;
  }
}
