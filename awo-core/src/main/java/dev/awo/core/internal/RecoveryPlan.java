package dev.awo.core.internal;

import dev.awo.spi.sandbox.RecoveredSandbox;

/**
 * How a work order found non-terminal after a restart is taken up, as {@link RunRecovery} decided
 * it: the step that was in flight (recorded interrupted, then retried or failed), the sandbox taken
 * over, and the reason the run must fail at once when its work cannot be recovered. Immutable.
 *
 * @param interruptedStep the node in flight at the crash, or null
 * @param sandbox the sandbox taken over, or null (a new one is created when the run needs one)
 * @param failure why the work order must fail now, or null
 */
record RecoveryPlan(String interruptedStep, RecoveredSandbox sandbox, String failure) {
  /** Nothing in flight, no sandbox to take over, nothing wrong: a waiting or pending work order. */
  static final RecoveryPlan NONE = new RecoveryPlan(null, null, null);
}
