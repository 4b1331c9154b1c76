package dev.awo.spi.persistence;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;
import java.time.Instant;

/**
 * The right of one orchestrator ({@link #owner}) to run and write one work order, as a {@link
 * WorkOrderLeases} store granted it. {@link #version} is the fencing token: it rises by one with
 * every claim, so a write carrying an older version comes from an owner that lost the work order
 * and is refused ({@link LeaseLostException}). {@link #expiresAt} is when another owner may claim
 * it unless the owner renews it first.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param workOrderId the work order
 * @param owner who holds it
 * @param version how many claims the work order has seen, this one included (1 or more)
 * @param expiresAt when the lease may be claimed by another owner, on the owners' clock
 */
public record Lease(WorkOrderId workOrderId, OwnerId owner, long version, Instant expiresAt) {
  public Lease {
    requirePresent(workOrderId, "workOrderId");
    requirePresent(owner, "owner");
    requirePresent(expiresAt, "expiresAt");
    if (version < 1) {
      throw new InvalidInputException("version", "must be 1 or more, got " + version);
    }
  }

  /** Whether the lease has run out at {@code now}: from then on another owner may claim it. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /**
   * Checks that this lease may fence a write of {@code workOrderId}'s data (for stores' fenced saves).
   *
   * @throws IllegalArgumentException when it is the lease of another work order
   */
  public Lease requireFor(WorkOrderId workOrderId) {
    if (!this.workOrderId.equals(workOrderId)) {
      throw new IllegalArgumentException("The lease of " + this.workOrderId + " cannot fence a save of " + workOrderId);
    }
    return this;
  }

  /** The same lease, held until {@code until}. */
  public Lease until(Instant until) {
    return new Lease(workOrderId, owner, version, until);
  }
}
