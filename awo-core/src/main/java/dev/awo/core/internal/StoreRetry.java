package dev.awo.core.internal;

import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.Sleeper;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.spi.persistence.LeaseLostException;
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
 * Writes to the host's store under the {@link SaveRetryPolicy}: each failed write is tried again
 * after the policy's capped exponential backoff until it succeeds or the policy's attempts or time
 * budget run out, so a run rides out a database outage by waiting instead of going on unrecorded.
 * Step history saves ({@link HistoryRecorder}) and work order writes ({@link WorkOrderState}) both
 * go through here.
 *
 * <p>An interrupt that a cancellation caused ({@link RunControl#cancelled()}) does not stop the
 * retries — the cancelled step must still be recorded — it is cleared and the wait goes on; any
 * other interrupt stops them and stays set. Thread-safe (immutable; the writes it is given are the
 * caller's).
 */
public final class StoreRetry {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);
  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  private final SaveRetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RunControl control;

  public StoreRetry(SaveRetryPolicy policy, Sleeper sleeper, Clock clock, RunControl control) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.control = control;
  }

  /** The same retries for work after the run, under {@code newControl}. */
  public StoreRetry withControl(RunControl newControl) {
    return new StoreRetry(policy, sleeper, clock, newControl);
  }

  /** How one write ended: {@code error} is null when it succeeded, else the last error, redacted. */
  public record Outcome(int attempts, String error) {
    public boolean succeeded() {
      return error == null;
    }
  }

  /**
   * Runs {@code write} until it succeeds or the policy gives up; each failed attempt is logged as
   * {@code event} (WARN) with the work order id.
   */
  public Outcome write(String workOrderId, String event, Runnable write) {
    RetryPolicy backoff = policy.backoff();
    Instant first = clock.instant();
    for (int attempt = 1; ; attempt++) {
      String error;
      Optional<Duration> delay;
      try {
        write.run();
        return new Outcome(attempt, null);
      } catch (LeaseLostException e) {
        return new Outcome(attempt, "the lease was lost"); // refused for good: another owner runs it now
      } catch (RuntimeException e) {
        error = Redactor.patternsOnly().redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        RunLog.at(LOG, Level.WARN, workOrderId, event).addKeyValue("attempt", attempt).addKeyValue("error", error).log();
        delay = backoff.isRetryable(null, e)
            ? backoff.delayBeforeRetry(attempt, Duration.between(first, clock.instant()), RANDOM)
            : Optional.empty();
      }
      if (delay.isEmpty()) {
        return new Outcome(attempt, error);
      }
      if (!waitFor(delay.get())) {
        return new Outcome(attempt, error + " (retries stopped: interrupted)");
      }
    }
  }

  private boolean waitFor(Duration delay) {
    Instant until = clock.instant().plus(delay);
    for (int waits = 0; waits < 1_000; waits++) {
      if (sleeper.pause(delay)) {
        return true;
      }
      if (!control.cancelled()) {
        return false; // not ours: leave the interrupt set for whoever sent it
      }
      Thread.interrupted(); // a cancellation: the write must still land, so wait on
      delay = Duration.between(clock.instant(), until);
      if (delay.isNegative() || delay.isZero()) {
        return true;
      }
    }
    return true;
  }
}
