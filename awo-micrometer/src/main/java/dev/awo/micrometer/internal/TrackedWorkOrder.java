package dev.awo.micrometer.internal;

import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.micrometer.StepObservationContext;
import dev.awo.micrometer.WorkOrderObservationContext;
import io.micrometer.observation.Observation;
import java.util.HashMap;
import java.util.Map;

/**
 * What the listener holds for one work order between its first event and its terminal one: the
 * work-order observation, the open step observations and the last saved version seen. A work order
 * first heard of through a step (a follow-up prompt after it ended) is <em>detached</em>: it has no
 * work-order observation and is forgotten as soon as its open steps are closed.
 *
 * <p>Not thread-safe: used by the recording thread only.
 */
final class TrackedWorkOrder {
  static final String UNKNOWN = "unknown";

  final WorkOrderId id;
  final Map<StepKey, OpenStep> openSteps = new HashMap<>(4);
  String workflow = UNKNOWN;
  WorkOrderStatus status;
  Observation observation;
  WorkOrderObservationContext context;
  /** The version of the last saved snapshot seen, or -1 when results before it may not have been seen. */
  long savedVersion = -1;

  TrackedWorkOrder(WorkOrderId id) {
    this.id = id;
  }

  boolean detached() {
    return observation == null;
  }

  /** Identifies a step attempt between its started event and its saved result. */
  record StepKey(String step, int attempt) {}

  /** A started step observation waiting for its result. */
  record OpenStep(Observation observation, StepObservationContext context) {}
}
