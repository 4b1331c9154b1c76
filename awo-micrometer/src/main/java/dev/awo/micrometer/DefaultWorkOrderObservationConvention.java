package dev.awo.micrometer;

import static dev.awo.micrometer.AwoObservationDocumentation.HighCardinalityKeys.WORK_ORDER_ID;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.OUTCOME;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.SANDBOX_TYPE;
import static dev.awo.micrometer.AwoObservationDocumentation.LowCardinalityKeys.WORKFLOW;

import io.micrometer.common.KeyValues;

/**
 * The default names of the work-order observation: {@code awo.work_order}, spans named
 * {@code work_order <workflow>}, tags {@code workflow}, {@code sandbox.type} and (once ended)
 * {@code outcome}, and the work order's id as the high-cardinality {@code awo.work_order.id}.
 *
 * <pre>{@code
 * class TeamTagged extends DefaultWorkOrderObservationConvention {
 *   public KeyValues getLowCardinalityKeyValues(WorkOrderObservationContext context) {
 *     return super.getLowCardinalityKeyValues(context).and("team", "platform");
 *   }
 * }
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public class DefaultWorkOrderObservationConvention implements WorkOrderObservationConvention {

  /** The convention used when the host sets none. */
  public static final DefaultWorkOrderObservationConvention INSTANCE = new DefaultWorkOrderObservationConvention();

  /** The observation's name, and the base name of the meters it yields. */
  public static final String NAME = "awo.work_order";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(WorkOrderObservationContext context) {
    return "work_order " + context.workflow();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(WorkOrderObservationContext context) {
    KeyValues values = KeyValues.of(WORKFLOW.withValue(context.workflow()), SANDBOX_TYPE.withValue(context.sandboxType()));
    return context.outcome().map(outcome -> values.and(OUTCOME.withValue(outcome))).orElse(values);
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(WorkOrderObservationContext context) {
    return KeyValues.of(WORK_ORDER_ID.withValue(context.workOrderId().value()));
  }
}
