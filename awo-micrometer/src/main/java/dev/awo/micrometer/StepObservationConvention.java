package dev.awo.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of the {@code awo.step} observation. Implement it (or extend
 * {@link DefaultStepObservationConvention}) and pass it to
 * {@link MicrometerWorkOrderListener.Builder#stepConvention} to change them.
 *
 * <p>Implementations must be thread-safe.
 */
public interface StepObservationConvention extends ObservationConvention<StepObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof StepObservationContext;
  }
}
