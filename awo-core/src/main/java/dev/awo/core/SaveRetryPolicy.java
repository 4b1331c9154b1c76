package dev.awo.core;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.core.workflow.RetryPolicy;
import java.time.Duration;

/**
 * How a failed step history save is retried: a {@link RetryPolicy} (the same value that retries
 * workflow nodes) applied to {@code StepHistoryRepository.save}. While a save is being retried the
 * run waits, rather than going on unrecorded.
 *
 * <p>The {@link #DEFAULT} rides out a database outage of a minute: waits of 100 ms doubling up to
 * 5 s, for as long as 60 s after the first attempt (at most 100 attempts).
 *
 * <pre>{@code
 * SaveRetryPolicy policy = SaveRetryPolicy.builder().initialInterval(Duration.ofMillis(50))
 *     .maximumInterval(Duration.ofSeconds(2)).timeBudget(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param backoff the attempts, waits and time budget of a save
 */
public record SaveRetryPolicy(RetryPolicy backoff) {

  /** 100 ms doubling to at most 5 s, for up to 60 s after the first attempt. */
  public static final SaveRetryPolicy DEFAULT = new SaveRetryPolicy(RetryPolicy.builder()
      .maximumAttempts(RetryPolicy.MAX_ATTEMPTS).initialInterval(Duration.ofMillis(100)).backoffCoefficient(2.0)
      .maximumInterval(Duration.ofSeconds(5)).timeBudget(Duration.ofSeconds(60)).build());

  /** Checks that there is a backoff. */
  public SaveRetryPolicy {
    requirePresent(backoff, "backoff");
  }

  /**
   * The policy of the old four-value form: {@code maxAttempts} attempts, waits from {@code
   * initialDelay} multiplied by {@code multiplier} up to {@code maxDelay}, within the default's time
   * budget.
   *
   * @deprecated use {@link #builder()}, whose names follow Temporal's
   */
  @Deprecated
  public SaveRetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    this(DEFAULT.backoff().toBuilder().maximumAttempts(maxAttempts).initialInterval(initialDelay)
        .backoffCoefficient(multiplier).maximumInterval(maxDelay).build());
  }

  /** The most attempts of one save. */
  public int maxAttempts() {
    return backoff.maximumAttempts();
  }

  /** A builder starting from {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SaveRetryPolicy}s; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final RetryPolicy.Builder backoff = DEFAULT.backoff().toBuilder();

    private Builder() {}

    /** Attempts of one save in all: 1 to {@value RetryPolicy#MAX_ATTEMPTS}. */
    public Builder maximumAttempts(int attempts) { backoff.maximumAttempts(attempts); return this; }

    /** The wait before the first retry. */
    public Builder initialInterval(Duration interval) { backoff.initialInterval(interval); return this; }

    /** What each wait is multiplied by for the next: 1.0 or more. */
    public Builder backoffCoefficient(double coefficient) { backoff.backoffCoefficient(coefficient); return this; }

    /** The longest wait: not shorter than the initial interval, at most an hour. */
    public Builder maximumInterval(Duration interval) { backoff.maximumInterval(interval); return this; }

    /** How long after the first attempt retries may still start; null for no limit but the attempts. */
    public Builder timeBudget(Duration budget) { backoff.timeBudget(budget); return this; }

    /** How much each wait varies either way, as a fraction of it. */
    public Builder jitter(double jitter) { backoff.jitter(jitter); return this; }

    /** Saves failing with an exception of these types (or subtypes) are not retried. */
    @SafeVarargs
    public final Builder doNotRetry(Class<? extends Throwable>... types) { backoff.doNotRetry(types); return this; }

    /**
     * Same as {@link #maximumAttempts(int)}.
     *
     * @deprecated use {@link #maximumAttempts(int)}, Temporal's name
     */
    @Deprecated
    public Builder maxAttempts(int maxAttempts) { return maximumAttempts(maxAttempts); }

    /**
     * Same as {@link #initialInterval(Duration)}.
     *
     * @deprecated use {@link #initialInterval(Duration)}, Temporal's name
     */
    @Deprecated
    public Builder initialDelay(Duration initialDelay) { return initialInterval(initialDelay); }

    /**
     * Same as {@link #backoffCoefficient(double)}.
     *
     * @deprecated use {@link #backoffCoefficient(double)}, Temporal's name
     */
    @Deprecated
    public Builder multiplier(double multiplier) { return backoffCoefficient(multiplier); }

    /**
     * Same as {@link #maximumInterval(Duration)}.
     *
     * @deprecated use {@link #maximumInterval(Duration)}, Temporal's name
     */
    @Deprecated
    public Builder maxDelay(Duration maxDelay) { return maximumInterval(maxDelay); }

    /**
     * The policy.
     *
     * @throws dev.awo.domain.InvalidInputException when the maximum interval is shorter than the initial one
     */
    public SaveRetryPolicy build() {
      return new SaveRetryPolicy(backoff.build());
    }
  }
}
