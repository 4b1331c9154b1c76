/**
 * The orchestrator and what configures it: {@link dev.awo.core.WorkflowOrchestrator} with its
 * builder, {@link dev.awo.core.WorkOrderRequest}, save retry and failure policies, and metrics.
 */
package dev.awo.core;
