package dev.awo.core;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.WorkOrderId;

/**
 * The answer to {@link WorkflowOrchestrator#submission}: the work order's id, and whether this
 * call created it ({@code false}: the request's idempotency key was used before, and the id is the
 * first work order's). An HTTP host answers 201 Created or 200 OK with it. Immutable and thread-safe.
 *
 * @param id the work order
 * @param created true when this call created and started it
 */
public record Submission(WorkOrderId id, boolean created) {
  public Submission {
    requirePresent(id, "id");
  }
}
