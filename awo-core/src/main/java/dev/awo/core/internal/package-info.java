/** The orchestrator's machinery. No compatibility promise: use {@link dev.awo.core.WorkflowOrchestrator}. */
package dev.awo.core.internal;
