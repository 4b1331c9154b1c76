package dev.awo.core;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a host asks of an engine that runs agent work orders: submit, cancel, decide human gates,
 * follow up, and read status and step history. The embedded {@link WorkflowOrchestrator}
 * implements it, and so does the Temporal facade of {@code awo-temporal}: a host written against
 * this interface switches engines by changing its wiring, not its code.
 *
 * <pre>{@code
 * WorkOrderService orders = embedded ? WorkflowOrchestrator.builder()...build() : temporalWorkOrders;
 * WorkOrderId id = orders.submit(WorkOrderRequest.builder(repoUrl, "Fix the flaky test").build());
 * WorkOrder done = orders.completion(id).join();
 * }</pre>
 *
 * <p>In every implementation the host's repositories are the source of truth: each step result is
 * saved through the {@link dev.awo.spi.persistence.StepHistoryRepository} the moment the step
 * ends, before the next step starts, and only then announced to listeners. Implementations are
 * thread-safe.
 */
public interface WorkOrderService {

  /**
   * Accepts a work order and starts it; returns its id at once. A bad request throws {@link
   * dev.awo.domain.InvalidInputException} and leaves nothing behind.
   *
   * @throws WorkOrderRejectedException when the engine refuses the run (full, closed)
   */
  WorkOrderId submit(WorkOrderRequest request);

  /**
   * Cancels a work order: a pending one will not start, a running one has its agent process killed
   * and its current step recorded as cancelled. Returns false when it had already ended.
   *
   * @throws UnknownWorkOrderException for an unknown id
   */
  boolean cancel(WorkOrderId id);

  /**
   * Approves the human gate {@code nodeId} of a work order; saved as the gate's step result.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException when no such gate is waiting (the message lists those that are)
   */
  void approve(WorkOrderId id, String nodeId);

  /**
   * Rejects the human gate {@code nodeId}, giving {@code reason}; saved as the gate's failed step
   * result, and the gate's failure mode decides what follows.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException when no such gate is waiting
   */
  void reject(WorkOrderId id, String nodeId, String reason);

  /** The human gates waiting for a decision now (empty when none), each with its message. */
  Map<String, String> waitingGates(WorkOrderId id);

  /**
   * Sends a follow-up prompt to a finished work order's agent and returns the recorded result.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException when the work order cannot take a prompt now (still running,
   *     its sandbox gone, or the engine does not keep sandboxes)
   */
  StepResult prompt(WorkOrderId id, String text);

  /** The work order with this id, as last saved. */
  Optional<WorkOrder> workOrder(WorkOrderId id);

  /** Every work order, oldest first. */
  List<WorkOrder> workOrders();

  /** The work orders with this status, oldest first. */
  List<WorkOrder> workOrders(WorkOrderStatus status);

  /**
   * The saved step history: empty before the first step ends.
   *
   * @throws UnknownWorkOrderException when no such work order exists
   */
  StepHistory stepHistory(WorkOrderId id);

  /**
   * Completes with the work order once it is terminal and its listeners have heard so. Cancelling
   * the future does not cancel the work order.
   *
   * @throws UnknownWorkOrderException for an unknown id
   */
  CompletableFuture<WorkOrder> completion(WorkOrderId id);
}
