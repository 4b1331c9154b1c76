package dev.awo.spi.sandbox;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;

/** What a sandbox is for: a work order, its repository and the kind of sandbox. Immutable. */
public record SandboxRequest(WorkOrderId workOrderId, String repositoryUrl, SandboxType type) {
  public SandboxRequest {
    requirePresent(workOrderId, "workOrderId");
    requireText(repositoryUrl, "repositoryUrl");
    requirePresent(type, "sandboxType");
  }
}
