package dev.awo.core;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;
import java.util.List;

/**
 * An approval or rejection named a node that is not a human gate of the work order's workflow (no
 * such node, or a node of another type). The message lists the workflow's human gates. Nothing was
 * recorded. Immutable and safe to share between threads.
 */
public class UnknownGateException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param id the work order
   * @param nodeId the node that was named
   * @param gates the workflow's human gates
   */
  public UnknownGateException(WorkOrderId id, String nodeId, List<String> gates) {
    super("nodeId", "'" + nodeId + "' is not a human gate of work order " + id.value() + "'s workflow (its gates: "
        + (gates.isEmpty() ? "none" : String.join(", ", gates)) + ")");
  }
}
