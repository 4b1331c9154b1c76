package dev.awo.core.internal;

import dev.awo.domain.WorkOrderId;

/**
 * The first row of a new work order was refused because a work order with its id is stored
 * already (another orchestrator drew the same id): nothing was written, and {@link Intake} tries
 * again under a fresh id. Never leaves the intake's retry loop.
 */
final class WorkOrderIdTakenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WorkOrderIdTakenException(WorkOrderId id) {
    super("The work order id " + id + " is taken: another work order was stored under it first", null, false, false);
  }
}
