package dev.awo.core.internal;

import dev.awo.core.SaveFailurePolicy;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Records step results for one work order, the defining promise of awo: append the result to the
 * snapshot, save the new snapshot synchronously (retried by the {@link StoreRetry}), and only then tell the
 * listeners. Records of one work order are serialised, so versions rise strictly by one even when
 * parallel nodes finish together, and each snapshot holds every result recorded before it.
 *
 * <p>This is also the one place that applies the {@link SaveFailurePolicy}: {@link #record} says
 * whether the run may go on after a save that failed for good. Thread-safe.
 */
public final class HistoryRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private final StepHistoryRepository repository;
  private final RunEvents events;
  private final StoreRetry retry;
  private final SaveFailurePolicy onFailure;
  private final Clock clock;
  private final RunLease lease;
  private volatile StepHistory current;

  public HistoryRecorder(
      StepHistory start, StepHistoryRepository repository, RunEvents events, StoreRetry retry,
      SaveFailurePolicy onFailure, Clock clock, RunLease lease) {
    this.current = start;
    this.lease = lease;
    this.repository = repository;
    this.events = events;
    this.retry = retry;
    this.onFailure = onFailure;
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
    StoreRetry.Outcome saved = retry.write(snapshot.workOrderId().value(), "step_history_save_retried",
        () -> lease.save(repository, snapshot));
    if (lease.lost()) {
      return false; // fenced off while saving: nothing more of this run is written or announced
    }
    if (saved.succeeded()) {
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
        .addKeyValue("attempts", saved.attempts())
        .addKeyValue("error", saved.error())
        .log();
    events.publish(new WorkOrderEvent.SaveFailed(snapshot.workOrderId(), clock.instant(), snapshot.version(),
        saved.attempts(), saved.error(), runContinuesOnFailure));
    return runContinuesOnFailure;
  }
}
