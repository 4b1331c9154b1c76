/**
 * The orchestrator and what configures it: {@link dev.awo.core.WorkflowOrchestrator} (the embedded
 * {@link dev.awo.core.WorkOrderService}) with its
 * {@link dev.awo.core.WorkflowOrchestratorBuilder}, {@link dev.awo.core.WorkOrderRequest}, save
 * retry and failure policies, sandbox retention and its {@link dev.awo.core.KeptSandboxLimits},
 * metrics, and the exceptions a caller can act on ({@link dev.awo.core.WorkOrderStateException},
 * {@link dev.awo.core.WorkOrderRejectedException}, {@link dev.awo.core.OrchestratorClosedException},
 * {@link dev.awo.core.HistoryNotSavedException}).
 */
package dev.awo.core;
