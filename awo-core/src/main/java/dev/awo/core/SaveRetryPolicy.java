package dev.awo.core;

import static dev.awo.spi.Arguments.requireNonNegative;
import static dev.awo.spi.Arguments.requirePositive;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;

/**
 * How a failed step history save is retried: up to {@code maxAttempts} attempts, waiting {@code
 * initialDelay} before the second and multiplying the wait by {@code multiplier} each time, never
 * more than {@code maxDelay}.
 *
 * <pre>{@code
 * SaveRetryPolicy policy = SaveRetryPolicy.builder().maxAttempts(5).initialDelay(Duration.ofMillis(50)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record SaveRetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

  /** 3 attempts, 100 ms then 200 ms apart. */
  public static final SaveRetryPolicy DEFAULT = new SaveRetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(2));

  public SaveRetryPolicy {
    requirePositive(maxAttempts, "maxAttempts");
    requireNonNegative(initialDelay, "initialDelay");
    requireNonNegative(maxDelay, "maxDelay");
    if (!(multiplier >= 1.0)) {
      throw new InvalidInputException("multiplier", "must be 1.0 or more, got " + multiplier);
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SaveRetryPolicy}s; not thread-safe. */
  public static final class Builder {
    private int maxAttempts = DEFAULT.maxAttempts;
    private Duration initialDelay = DEFAULT.initialDelay;
    private double multiplier = DEFAULT.multiplier;
    private Duration maxDelay = DEFAULT.maxDelay;

    public Builder maxAttempts(int maxAttempts) { this.maxAttempts = requirePositive(maxAttempts, "maxAttempts"); return this; }
    public Builder initialDelay(Duration initialDelay) { this.initialDelay = requireNonNegative(initialDelay, "initialDelay"); return this; }
    public Builder multiplier(double multiplier) { this.multiplier = multiplier; return this; }
    public Builder maxDelay(Duration maxDelay) { this.maxDelay = requireNonNegative(maxDelay, "maxDelay"); return this; }

    public SaveRetryPolicy build() {
      return new SaveRetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay);
    }
  }
}
