package dev.awo.temporal;

import dev.awo.core.HistoryNotSavedException;
import dev.awo.core.internal.FollowUps;
import dev.awo.core.internal.NodeExecutor;
import dev.awo.core.internal.RunParts;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.process.Redactor;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The follow-up prompt activity on one worker: finds the run and sandbox this worker kept for the
 * work order and sends the prompt through awo-core's one follow-up path ({@link
 * NodeExecutor#followUp}), heartbeating on the agent's events and a ticker; then waits for the
 * listeners to have heard the exchange, as the embedded engine does before a prompt returns.
 * Thread-safe.
 */
final class FollowUpActivitiesImpl implements FollowUpActivities {
  /** The failure type of a prompt refused by the state of the work order on this worker. */
  static final String PROMPT_REFUSED = "awo_prompt_refused";
  /** The failure type of a prompt whose exchange could not be saved (the work order is failed). */
  static final String NOT_SAVED = "awo_history_not_saved";

  private final WorkerRuns runs;
  private final String ownQueue;
  private final ScheduledExecutorService ticks;
  private final Duration heartbeatTimeout;

  FollowUpActivitiesImpl(WorkerRuns runs, String ownQueue, ScheduledExecutorService ticks, TemporalOptions options) {
    this.runs = runs;
    this.ownQueue = ownQueue;
    this.ticks = ticks;
    this.heartbeatTimeout = options.heartbeatTimeout();
  }

  @Override
  public int prompt(String workOrderId, String text) {
    WorkOrderId id = WorkOrderId.of(workOrderId);
    WorkerRuns.Kept kept = runs.keptFor(id).orElseThrow(() -> gone(id, "worker queue " + ownQueue
        + " keeps no sandbox of it (cleaned up, released beyond keptSandboxLimits, or the worker restarted); "
        + FollowUps.NOT_KEPT));
    if (!kept.prompting().compareAndSet(false, true)) {
      throw refused(FollowUps.stillPrompting(id).getMessage());
    }
    try {
      if (!Files.isDirectory(kept.sandbox().workingDirectory())) {
        throw gone(id, "its directory on worker queue " + ownQueue + " no longer exists");
      }
      return run(kept, text);
    } finally {
      kept.prompting().set(false);
      runs.touchKept(id);
    }
  }

  /** The exchange, heartbeating until the listeners have heard it. */
  private int run(WorkerRuns.Kept kept, String text) {
    RunParts parts = kept.run().parts.withFreshControl();
    try (Heartbeat beat = Heartbeat.start(Activity.getExecutionContext(), parts.control(), ticks, heartbeatTimeout)) {
      parts.control().enter();
      try {
        return NodeExecutor.followUp(runs.engine().services(), kept.run().workflow, parts, kept.sandbox(), text)
            .attempt();
      } catch (HistoryNotSavedException e) {
        throw ApplicationFailure.newNonRetryableFailure(redact(e.getMessage()), NOT_SAVED);
      } finally {
        parts.control().leave();
        parts.events().awaitFlushed(WorkOrderActivitiesImpl.LISTENER_WAIT);
      }
    }
  }

  private static ApplicationFailure gone(WorkOrderId id, String why) {
    return refused(FollowUps.sandboxGone(id, why).getMessage());
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, PROMPT_REFUSED);
  }

  private static String redact(String text) {
    return Redactor.patternsOnly().redact(String.valueOf(text));
  }
}
