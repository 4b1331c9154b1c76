package dev.awo.core.workflow;

/**
 * One thing wrong with a workflow definition; {@code nodeId} is null for problems of the whole.
 * Immutable and thread-safe.
 */
public record WorkflowProblem(String nodeId, String message) {
  @Override
  public String toString() {
    return nodeId == null ? message : "node '" + nodeId + "': " + message;
  }
}
