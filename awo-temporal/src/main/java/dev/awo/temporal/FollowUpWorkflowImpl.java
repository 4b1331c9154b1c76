package dev.awo.temporal;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The deterministic code of {@link FollowUpWorkflow}: one activity, on the keeping worker's own
 * queue, scheduled for at most the worker-lost timeout (a stopped worker fails the prompt instead of
 * hanging it), heartbeating while the agent streams, never retried (the agent call is not
 * idempotent). Temporal runs one instance per execution on its workflow thread; not thread-safe.
 */
public final class FollowUpWorkflowImpl implements FollowUpWorkflow {
  private final TemporalOptions options;

  /** The follow-up workflow with the deployment's options. */
  public FollowUpWorkflowImpl(TemporalOptions options) {
    this.options = options;
  }

  @Override
  public int prompt(PromptInput input) {
    return Workflow.newActivityStub(FollowUpActivities.class, activityOptions(input.taskQueue(), options))
        .prompt(input.workOrderId(), input.text());
  }

  /** The prompt's activity options on {@code queue}. */
  static ActivityOptions activityOptions(String queue, TemporalOptions options) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(queue)
        .setScheduleToStartTimeout(options.workerLostTimeout())
        .setStartToCloseTimeout(startToClose(options))
        .setHeartbeatTimeout(options.heartbeatTimeout())
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  /** A prompt has no node timeout: the default node timeout, with the grace and a heartbeat timeout. */
  static Duration startToClose(TemporalOptions options) {
    return options.defaultNodeTimeout().plus(ActivityPlans.TIMEOUT_GRACE).plus(options.heartbeatTimeout());
  }

  /** How long a whole prompt may take: its activity's limits, and a worker-lost timeout for the workflow task. */
  static Duration executionTimeout(TemporalOptions options) {
    return startToClose(options).plus(options.workerLostTimeout().multipliedBy(2));
  }
}
