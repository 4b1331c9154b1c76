package dev.awo.core.workflow;

/** What a node's final failure does to the run. */
public enum FailureMode {
  /** The run stops and the work order fails (the default). */
  FAIL,
  /** The failure is recorded and the run goes on. */
  CONTINUE
}
