package dev.awo.core.internal;

import dev.awo.core.KeptSandboxLimits;
import dev.awo.core.WorkOrderIdGenerator;
import dev.awo.core.workflow.CompiledWorkflow;
import java.util.Map;

/**
 * A host's configured ports and compiled workflows, as {@link
 * dev.awo.core.WorkflowOrchestratorBuilder#engineParts} hands them to another engine (awo-temporal),
 * so that it runs work orders with the same node semantics, checks and recording as the embedded
 * orchestrator; {@code keptSandboxLimits} bounds the sandboxes kept for follow-up prompts under
 * {@code SandboxRetention.KEEP}. Immutable.
 */
public record EngineParts(RunServices services, Map<String, CompiledWorkflow> workflows, WorkOrderIdGenerator ids,
    KeptSandboxLimits keptSandboxLimits) {
  public EngineParts {
    workflows = Map.copyOf(workflows);
  }
}
