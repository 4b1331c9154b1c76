package dev.awo.core;

import java.time.Duration;

/**
 * Waits. Injected so that tests of retries and backoff run without sleeping: a test passes a
 * sleeper that advances its clock instead. {@link #pause} is the one way awo waits between
 * attempts, for node retries and step history save retries alike.
 *
 * <pre>{@code
 * Sleeper virtual = d -> clock.advance(d);      // a test's sleeper
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /** The real thing: {@link Thread#sleep}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits for {@code duration} (not at all when it is zero or negative); returns false when the
   * wait was interrupted, with the thread's interrupt flag set again for the caller to act on.
   */
  default boolean pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    try {
      sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
