package dev.awo.core.internal;

import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.Sleeper;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.process.Redactor;
import dev.awo.core.workflow.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records step results for one work order, the defining promise of awo: append the result to the
 * snapshot, save the new snapshot synchronously (retrying with backoff), and only then tell the
 * listeners. Records of one work order are serialised, so versions rise strictly by one even when
 * parallel nodes finish together, and each snapshot holds every result recorded before it.
 */
public final class HistoryRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  private final StepHistoryRepository repository;
  private final ListenerFanout listeners;
  private final SaveRetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private volatile StepHistory current;
  private int attemptsMade; // of the last save; guarded by this

  public HistoryRecorder(
      StepHistory start, StepHistoryRepository repository, ListenerFanout listeners, SaveRetryPolicy retry,
      Sleeper sleeper, Clock clock) {
    this.current = start;
    this.repository = repository;
    this.listeners = listeners;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** The last snapshot recorded (saved or not). */
  public StepHistory current() {
    return current;
  }

  /**
   * Appends {@code result}, saves, then notifies. Returns whether the save succeeded; on final
   * failure listeners hear {@code save_failed} (with {@code runContinues}) before {@code
   * step_history_saved} is skipped for this version.
   */
  public synchronized boolean record(StepResult result, boolean runContinuesOnFailure) {
    StepHistory snapshot = current.append(result);
    current = snapshot;
    String failure = save(snapshot);
    if (failure == null) {
      LOG.atDebug().setMessage("step_history_saved")
          .addKeyValue("step", result.step())
          .addKeyValue("version", snapshot.version())
          .log();
      listeners.publish(new WorkOrderEvent.HistorySaved(snapshot.workOrderId(), clock.instant(), snapshot, result));
      return true;
    }
    LOG.atError().setMessage("step_history_save_failed")
        .addKeyValue("step", result.step())
        .addKeyValue("version", snapshot.version())
        .addKeyValue("attempts", attemptsMade)
        .addKeyValue("error", failure)
        .log();
    listeners.publish(new WorkOrderEvent.SaveFailed(snapshot.workOrderId(), clock.instant(), snapshot.version(),
        attemptsMade, failure, runContinuesOnFailure));
    return false;
  }

  /** Null on success, else the last error, redacted. */
  private String save(StepHistory snapshot) {
    RetryPolicy backoff = retry.backoff();
    Instant first = clock.instant();
    for (int attempt = 1; ; attempt++) {
      String error;
      Optional<Duration> delay;
      attemptsMade = attempt;
      try {
        repository.save(snapshot);
        return null;
      } catch (RuntimeException e) {
        error = Redactor.patternsOnly().redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        LOG.atWarn().setMessage("step_history_save_retried")
            .addKeyValue("version", snapshot.version())
            .addKeyValue("attempt", attempt)
            .addKeyValue("error", error)
            .log();
        delay = backoff.isRetryable(null, e)
            ? backoff.delayBeforeRetry(attempt, Duration.between(first, clock.instant()), RANDOM)
            : Optional.empty();
      }
      if (delay.isEmpty()) {
        return error;
      }
      if (!sleeper.pause(delay.get())) {
        return error + " (retries stopped: interrupted)";
      }
    }
  }
}
