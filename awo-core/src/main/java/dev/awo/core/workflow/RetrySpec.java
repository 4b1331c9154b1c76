package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requireNonNegative;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;
import java.util.Set;

/**
 * How a node is retried, in the vocabulary of Temporal's retry options: at most {@code
 * maxAttempts} attempts, waiting {@code initialDelay} before the first retry and multiplying by
 * {@code multiplier} each time up to {@code maxDelay}, each wait varied by up to {@code jitter}
 * (a fraction, 0 to 1) either way; errors whose message contains one of {@code nonRetryable} are
 * never retried.
 *
 * <p>Immutable and thread-safe.
 */
public record RetrySpec(
    int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter, Set<String> nonRetryable) {

  /** One attempt, no retries. */
  public static final RetrySpec NONE = new RetrySpec(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0, Set.of());

  public RetrySpec {
    if (maxAttempts < 1) {
      throw new InvalidInputException("retry.maxAttempts", "must be 1 or more, got " + maxAttempts);
    }
    requireNonNegative(initialDelay, "retry.initialDelay");
    requireNonNegative(maxDelay, "retry.maxDelay");
    if (multiplier < 1.0 || Double.isNaN(multiplier)) {
      throw new InvalidInputException("retry.multiplier", "must be 1.0 or more, got " + multiplier);
    }
    if (jitter < 0.0 || jitter > 1.0 || Double.isNaN(jitter)) {
      throw new InvalidInputException("retry.jitter", "must be between 0 and 1, got " + jitter);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      maxDelay = initialDelay;
    }
    nonRetryable = nonRetryable == null ? Set.of() : Set.copyOf(nonRetryable);
  }

  /** The wait before attempt {@code attempt + 1}, before jitter, for {@code attempt >= 1}. */
  public Duration delayAfter(int attempt) {
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
  }

  /** Whether an error with this message may be retried. */
  public boolean retryable(String errorMessage) {
    if (errorMessage == null) {
      return true;
    }
    return nonRetryable.stream().noneMatch(errorMessage::contains);
  }
}
