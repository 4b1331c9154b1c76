package dev.awo.micrometer;

import dev.awo.domain.WorkOrderId;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code awo.work_order} observation knows about its work order, for
 * {@link WorkOrderObservationConvention}s to turn into key values. The workflow and sandbox type are
 * already bounded in cardinality (see {@link MicrometerWorkOrderListener.Builder#maxTagValues}); the
 * outcome is set just before the observation stops.
 *
 * <p>Instances are used by one thread at a time: the listener's recording thread, and the
 * observation handlers it calls.
 */
public final class WorkOrderObservationContext extends Observation.Context {
  private final WorkOrderId workOrderId;
  private String workflow;
  private String sandboxType;
  private String outcome;

  /**
   * A context for one work order.
   *
   * @param workOrderId the work order's id (high cardinality: a key value for traces, never a tag)
   * @param workflow the workflow's name, or {@code unknown}
   * @param sandboxType the sandbox type's wire name, or {@code unknown}
   */
  public WorkOrderObservationContext(WorkOrderId workOrderId, String workflow, String sandboxType) {
    this.workOrderId = Objects.requireNonNull(workOrderId, "workOrderId");
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.sandboxType = Objects.requireNonNull(sandboxType, "sandboxType");
  }

  public WorkOrderId workOrderId() {
    return workOrderId;
  }

  public String workflow() {
    return workflow;
  }

  public String sandboxType() {
    return sandboxType;
  }

  /** The final status's wire name ({@code completed}, {@code failed}, ...), once the work order ended. */
  public Optional<String> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** Updates what a later status change told about the work order. */
  public void describe(String workflow, String sandboxType) {
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.sandboxType = Objects.requireNonNull(sandboxType, "sandboxType");
  }

  /** Sets the outcome, just before the observation stops. */
  public void outcome(String outcome) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }
}
