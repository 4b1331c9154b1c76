package dev.awo.micrometer.internal;

import dev.awo.spi.process.Redactor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls into Micrometer so that whatever they throw is caught and logged at WARN, at most once
 * per interval ({@code micrometer_recording_failed}, with the number of failures left unlogged since
 * the last line). A failing registry must neither break a run nor flood the log.
 *
 * <p>This class is thread-safe.
 */
public final class FailureLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.awo.micrometer");

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextLogAt;
  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public FailureLog(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
  }

  /** Runs {@code call}; if it throws, notes the failure of {@code action} and returns false. */
  public boolean attempt(String action, Runnable call) {
    try {
      call.run();
      return true;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      failed(action, e);
      return false;
    }
  }

  /** Notes that {@code action} failed with {@code error}; logs it unless a line was logged recently. */
  public void failed(String action, Throwable error) {
    failures.incrementAndGet();
    long now = nanoTime.getAsLong();
    long next = nextLogAt.get();
    if (now - next >= 0 && nextLogAt.compareAndSet(next, now + intervalNanos)) {
      LOG.atWarn().setMessage("micrometer_recording_failed")
          .addKeyValue("action", action)
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(error)))
          .addKeyValue("unlogged_failures", suppressed.getAndSet(0))
          .log();
    } else {
      suppressed.incrementAndGet();
    }
  }

  /** How many failures were noted in all. */
  public long failures() {
    return failures.get();
  }

  /** How many of them were not logged. */
  public long unlogged() {
    return suppressed.get();
  }
}
