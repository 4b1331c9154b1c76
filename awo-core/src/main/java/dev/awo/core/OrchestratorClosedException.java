package dev.awo.core;

/**
 * The orchestrator was closed ({@link WorkflowOrchestrator#close()}), so it accepts no more work
 * orders. Nothing of the refused request was stored or kept.
 */
public class OrchestratorClosedException extends WorkOrderRejectedException {
  private static final long serialVersionUID = 1L;

  public OrchestratorClosedException(String message) {
    super(message, null);
  }
}
