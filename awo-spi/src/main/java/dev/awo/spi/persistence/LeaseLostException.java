package dev.awo.spi.persistence;

import dev.awo.domain.AwoException;
import dev.awo.domain.WorkOrderId;

/**
 * A write or a renewal was refused because the writer no longer holds the work order's lease:
 * another owner claimed it (its version moved on), or the work order is gone. A store throws it from
 * the fenced {@code save} methods and stores nothing; the orchestrator then stops the run without
 * any further write, as the new owner carries the work order on.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class LeaseLostException extends AwoException {
  private static final long serialVersionUID = 1L;
  private final transient WorkOrderId workOrderId;

  /**
   * @param lease the lease the writer believed it held
   * @param current what the store holds now, for the message (e.g. "owner b at version 3"), or null
   */
  public LeaseLostException(Lease lease, String current) {
    super("The lease of work order " + lease.workOrderId() + " held by " + lease.owner() + " at version "
        + lease.version() + " is lost" + (current == null ? "" : " (the store has: " + current + ")")
        + "; the write was refused, another owner carries the work order on");
    this.workOrderId = lease.workOrderId();
  }

  /** The work order whose lease was lost. */
  public WorkOrderId workOrderId() {
    return workOrderId;
  }
}
