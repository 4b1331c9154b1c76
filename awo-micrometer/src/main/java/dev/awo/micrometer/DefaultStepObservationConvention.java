package dev.awo.micrometer;

import static dev.awo.micrometer.AwoObservationDocumentation.HighCardinalityKeys.WORK_ORDER_ID;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.AGENT;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.ATTEMPT;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.OUTCOME;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.STEP;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.WORKFLOW;

import io.micrometer.common.KeyValues;

/**
 * The default names of the step observation: {@code awo.step}, spans named after the step (e.g.
 * {@code classify}), tags {@code workflow}, {@code step}, {@code attempt} and, once the result is
 * saved, {@code agent} and {@code outcome}; the work order's id as the high-cardinality
 * {@code awo.work_order.id}.
 *
 * <p>This class is stateless and thread-safe.
 */
public class DefaultStepObservationConvention implements StepObservationConvention {

  /** The convention used when the host sets none. */
  public static final DefaultStepObservationConvention INSTANCE = new DefaultStepObservationConvention();

  /** The observation's name, and the base name of the meters it yields. */
  public static final String NAME = "awo.step";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(StepObservationContext context) {
    return context.step();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(StepObservationContext context) {
    KeyValues values = KeyValues.of(
        WORKFLOW.withValue(context.workflow()), STEP.withValue(context.step()), ATTEMPT.withValue(context.attempt()));
    if (context.outcome().isPresent()) {
      values = values.and(AGENT.withValue(context.agent().orElse("none")), OUTCOME.withValue(context.outcome().get()));
    }
    return values;
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(StepObservationContext context) {
    return KeyValues.of(WORK_ORDER_ID.withValue(context.workOrderId().value()));
  }
}
