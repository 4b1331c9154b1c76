package dev.awo.core.internal;

import dev.awo.core.SaveFailurePolicy;
import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.Sleeper;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.process.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Records step results for one work order, the defining promise of awo: append the result to the
 * snapshot, save the new snapshot synchronously (retrying with backoff), and only then tell the
 * listeners. Records of one work order are serialised, so versions rise strictly by one even when
 * parallel nodes finish together, and each snapshot holds every result recorded before it.
 *
 * <p>This is also the one place that applies the {@link SaveFailurePolicy}: {@link #record} says
 * whether the run may go on after a save that failed for good. Thread-safe.
 */
public final class HistoryRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  private final StepHistoryRepository repository;
  private final RunEvents events;
  private final SaveRetryPolicy retry;
  private final SaveFailurePolicy onFailure;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RunLease lease;
  private volatile StepHistory current;
  private int attemptsMade; // of the last save; guarded by this

  public HistoryRecorder(
      StepHistory start, StepHistoryRepository repository, RunEvents events, SaveRetryPolicy retry,
      SaveFailurePolicy onFailure, Sleeper sleeper, Clock clock, RunLease lease) {
    this.current = start;
    this.lease = lease;
    this.repository = repository;
    this.events = events;
    this.retry = retry;
    this.onFailure = onFailure;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** The last snapshot recorded (saved or not). */
  public StepHistory current() {
    return current;
  }

  /**
   * Appends {@code result}, saves, then notifies. Returns whether the run may go on: true when the
   * save succeeded or the policy is {@link SaveFailurePolicy#CONTINUE}. On final failure listeners
   * hear {@code save_failed} (with {@code runContinues}) and {@code step_history_saved} is skipped
   * for this version.
   */
  public synchronized boolean record(StepResult result) {
    if (lease.lost()) {
      return false; // fenced off: another owner records this work order's steps now
    }
    boolean runContinuesOnFailure = onFailure == SaveFailurePolicy.CONTINUE;
    StepHistory snapshot = current.append(result);
    current = snapshot;
    String failure = save(snapshot);
    if (lease.lost()) {
      return false;
    }
    if (failure == null) {
      RunLog.at(LOG, Level.DEBUG, snapshot.workOrderId().value(), "step_history_saved")
          .addKeyValue("step", result.step())
          .addKeyValue("version", snapshot.version())
          .log();
      events.publish(new WorkOrderEvent.HistorySaved(snapshot.workOrderId(), clock.instant(), snapshot, result));
      return true;
    }
    RunLog.at(LOG, Level.ERROR, snapshot.workOrderId().value(), "step_history_save_failed")
        .addKeyValue("step", result.step())
        .addKeyValue("version", snapshot.version())
        .addKeyValue("attempts", attemptsMade)
        .addKeyValue("error", failure)
        .log();
    events.publish(new WorkOrderEvent.SaveFailed(snapshot.workOrderId(), clock.instant(), snapshot.version(),
        attemptsMade, failure, runContinuesOnFailure));
    return runContinuesOnFailure;
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
        lease.save(repository, snapshot);
        return null;
      } catch (dev.awo.spi.persistence.LeaseLostException e) {
        return "the lease was lost"; // never retried: the store refuses this owner for good
      } catch (RuntimeException e) {
        error = Redactor.patternsOnly().redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        RunLog.at(LOG, Level.WARN, snapshot.workOrderId().value(), "step_history_save_retried")
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
