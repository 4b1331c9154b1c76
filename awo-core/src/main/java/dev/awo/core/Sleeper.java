package dev.awo.core;

import java.time.Duration;

/**
 * Waits. Injected so that tests of retries and backoff run without sleeping: a test passes a
 * sleeper that advances its clock instead.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /** The real thing: {@link Thread#sleep}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
