package dev.awo.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of the {@code awo.work_order} observation. Implement it (or extend
 * {@link DefaultWorkOrderObservationConvention}) and pass it to
 * {@link MicrometerWorkOrderListener.Builder#workOrderConvention} to change them.
 *
 * <p>Implementations must be thread-safe.
 */
public interface WorkOrderObservationConvention extends ObservationConvention<WorkOrderObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof WorkOrderObservationContext;
  }
}
