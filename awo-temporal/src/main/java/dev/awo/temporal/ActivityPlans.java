package dev.awo.temporal;

import dev.awo.core.workflow.AgentCall;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.ToolCall;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The Temporal options of awo's activities: a node attempt carries its node's timeout (start to
 * close), the heartbeat timeout, the worker-lost timeout on a worker's own queue, and retry
 * options for failures of the activity itself (the node's {@link RetryPolicy} is applied by the
 * workflow); cancellation waits until the attempt has stopped its
 * agent and saved the cancelled result. Stateless; thread-safe.
 */
final class ActivityPlans {
  /** The failure type of a failed node attempt. */
  static final String STEP_FAILED = "awo_step_failed";
  /** The failure type when the save failure policy ended the run. */
  static final String RUN_STOPPED = "awo_run_stopped";
  /** The failure type when this worker does not hold the work order's sandbox. */
  static final String SANDBOX_LOST = "awo_sandbox_lost";
  /** The failure type when setting up the run failed (repository, issue, sandbox). */
  static final String SET_UP_FAILED = "awo_set_up_failed";

  private ActivityPlans() {}

  /**
   * The Temporal retry options of a node attempt. When the workflow drives the node's retries
   * ({@code retriesInWorkflow}, the current code), Temporal never retries an attempt: every way an
   * attempt ends comes back to the workflow at once — a failed attempt ({@link #STEP_FAILED}) waits
   * as the node's {@link RetryPolicy} says (backoff, jitter, time budget) for the next one, a lost
   * worker (heartbeat or schedule-to-start timeout) moves the run to another worker at the
   * heartbeat timeout (a Temporal retry would first wait on the dead worker's own queue for the
   * worker-lost timeout), and anything else fails the node with its reason. Histories recorded
   * before that change ({@code retriesInWorkflow} false) keep Temporal retrying the failed attempts
   * within the policy's attempts and intervals, jitter and time budget not applied. Either way,
   * which failures are retryable is decided by the activity (failure category and exception type,
   * as the embedded engine decides).
   */
  static RetryOptions retryOptions(RetryPolicy policy, boolean retriesInWorkflow) {
    if (retriesInWorkflow) {
      return RetryOptions.newBuilder().setMaximumAttempts(1).build();
    }
    return RetryOptions.newBuilder()
        .setMaximumAttempts(policy.maximumAttempts())
        .setInitialInterval(atLeastAMillisecond(policy.initialInterval()))
        .setBackoffCoefficient(policy.backoffCoefficient())
        .setMaximumInterval(atLeastAMillisecond(policy.maximumInterval()))
        .setDoNotRetry(RUN_STOPPED, SANDBOX_LOST, SET_UP_FAILED)
        .build();
  }

  private static Duration atLeastAMillisecond(Duration d) {
    return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
  }

  static RetryPolicy retryPolicyOf(NodeDefinition node) {
    if (node instanceof AgentCall agent) {
      return agent.retry();
    }
    if (node instanceof ToolCall tool) {
      return tool.retry();
    }
    throw new IllegalArgumentException("node '" + node.id() + "' is not an agent or tool call");
  }

  /** What an attempt may take beyond its node's timeout: the agent's own timeout fires first and is recorded. */
  static final Duration TIMEOUT_GRACE = Duration.ofSeconds(30);

  /**
   * An attempt of {@code node} on {@code queue}. The node's timeout goes to the agent (as in the
   * embedded engine) and, plus {@link #TIMEOUT_GRACE} and a heartbeat timeout, is the attempt's
   * start-to-close timeout: the agent's own timeout ends the attempt with a saved result, and
   * Temporal's ends an attempt whose worker stopped answering. Retries: {@link #retryOptions}.
   */
  static ActivityOptions node(NodeDefinition node, String queue, boolean retriesInWorkflow, TemporalOptions options) {
    Duration timeout = node instanceof AgentCall agent && agent.timeout() != null ? agent.timeout()
        : options.defaultNodeTimeout();
    return ActivityOptions.newBuilder()
        .setTaskQueue(queue)
        .setStartToCloseTimeout(timeout.plus(TIMEOUT_GRACE).plus(options.heartbeatTimeout()))
        .setHeartbeatTimeout(options.heartbeatTimeout())
        .setScheduleToStartTimeout(options.workerLostTimeout())
        .setRetryOptions(retryOptions(retryPolicyOf(node), retriesInWorkflow))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  /** A bookkeeping activity on {@code queue}; retried on infrastructure failures, a few times. */
  static ActivityOptions bookkeeping(String queue, boolean workerQueue, TemporalOptions options) {
    ActivityOptions.Builder b = ActivityOptions.newBuilder()
        .setTaskQueue(queue)
        .setStartToCloseTimeout(options.bookkeepingTimeout())
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5)
            .setInitialInterval(Duration.ofSeconds(1)).setDoNotRetry(RUN_STOPPED, SANDBOX_LOST, SET_UP_FAILED).build())
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    if (workerQueue) {
      b.setScheduleToStartTimeout(options.workerLostTimeout());
    }
    return b.build();
  }
}
