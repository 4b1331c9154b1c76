package dev.awo.temporal;

import io.temporal.activity.ActivityInterface;

/**
 * The activity of {@link FollowUpWorkflow}: one follow-up prompt, run on the own task queue of the
 * worker that keeps the work order's sandbox ({@code SandboxRetention.KEEP}), through awo-core's
 * follow-up path (the last agent session resumed, the exchange saved as a {@code prompt} step
 * through the host's repository and announced). Not idempotent (an agent call), so never retried.
 * Implemented by awo's workers (thread-safely); not for direct use.
 */
@ActivityInterface(namePrefix = "awo_follow_up_")
public interface FollowUpActivities {

  /**
   * Sends {@code text} to the agent of the work order in its kept sandbox; fails non-retryably when
   * this worker keeps no sandbox of it, or while another prompt to it runs here.
   *
   * @return the attempt number of the saved {@code prompt} step
   */
  int prompt(String workOrderId, String text);
}
