package dev.awo.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until told to move: {@link #advance} moves it, and so does a {@link
 * VirtualSleeper} sleeping on it. A workflow whose retries back off for minutes runs in milliseconds
 * and its results carry predictable timestamps.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.at(Instant.parse("2026-03-01T09:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class VirtualClock extends Clock {
  /** Where {@link #start()} starts: 2026-03-01T09:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-01T09:00:00Z");

  private final AtomicReference<Instant> now;

  private VirtualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * A clock showing {@code start}.
   *
   * @param start the first instant it shows
   * @return the clock
   */
  public static VirtualClock at(Instant start) {
    return new VirtualClock(Objects.requireNonNull(start, "start must not be null"));
  }

  /**
   * A clock showing {@link #DEFAULT_START}.
   *
   * @return the clock
   */
  public static VirtualClock start() {
    return at(DEFAULT_START);
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far; zero or more
   * @return the instant it shows now
   * @throws IllegalArgumentException for a negative duration: time does not go back
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration must not be null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    return now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock is always UTC; the zone is ignored. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
