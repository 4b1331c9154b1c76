package dev.awo.core;

/** Whether a work order's sandbox outlives its run. */
public enum SandboxRetention {
  /** Cleaned up when the run ends, on every path. The default. */
  CLEAN_UP,
  /**
   * Kept after the run so follow-up prompts ({@link WorkflowOrchestrator#prompt}) can resume the
   * agent in it; released by {@link WorkflowOrchestrator#releaseSandbox} or {@link
   * WorkflowOrchestrator#close}.
   */
  KEEP
}
