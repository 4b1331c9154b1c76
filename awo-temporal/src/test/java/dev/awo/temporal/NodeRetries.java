package dev.awo.temporal;

import dev.awo.core.workflow.NodeDefinition;
import io.temporal.common.RetryOptions;

/**
 * Test access to how node attempts are retried: by Temporal (the activity's {@link RetryOptions}
 * carry the node's attempts) or by the workflow code (one Temporal attempt per awo attempt).
 */
public final class NodeRetries {
  private NodeRetries() {}

  /**
   * Whether a node's attempts after the first are started by the workflow code rather than by
   * Temporal retrying the activity. Temporal's Java test server neither retries a retried activity
   * task of a killed worker nor times it out (no schedule-to-start for retries, and the heartbeat
   * timeout of a retry handed to a dead poll does not fire), so a crash test whose killed step has
   * attempts left can only end there when the workflow starts each attempt.
   */
  public static boolean byWorkflow(NodeDefinition node) {
    RetryOptions retry = ActivityPlans.node(node, "queue", true, TemporalOptions.DEFAULT).getRetryOptions();
    return retry == null || retry.getMaximumAttempts() == 1;
  }
}
