package dev.awo.domain;

/** A work order id that the work order repository does not know. */
public class UnknownWorkOrderException extends AwoException {
  private static final long serialVersionUID = 1L;
  private final WorkOrderId workOrderId;

  public UnknownWorkOrderException(WorkOrderId workOrderId) {
    super("No work order with id " + workOrderId + " exists; list work orders to find the right id");
    this.workOrderId = workOrderId;
  }

  public WorkOrderId workOrderId() {
    return workOrderId;
  }
}
