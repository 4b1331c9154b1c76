package dev.awo.spi.persistence;

import dev.awo.domain.AwoException;
import dev.awo.domain.WorkOrderId;

/**
 * A {@link WorkOrderRepository} refused to store a new work order because another one already holds
 * its idempotency key. The orchestrator answers the submission with {@link #existing()} instead of
 * starting anything. The message does not repeat the key (a caller may derive keys from private data).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class DuplicateIdempotencyKeyException extends AwoException {
  private static final long serialVersionUID = 1L;
  private final transient WorkOrderId existing;

  /**
   * @param refused the work order that was not stored
   * @param existing the work order holding the key
   */
  public DuplicateIdempotencyKeyException(WorkOrderId refused, WorkOrderId existing) {
    super("Work order " + refused + " was not stored: its idempotency key belongs to work order " + existing);
    this.existing = existing;
  }

  /** The work order that holds the key. */
  public WorkOrderId existing() {
    return existing;
  }
}
