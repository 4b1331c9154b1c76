package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requireNonNegative;
import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * How something that failed is tried again, in the vocabulary of Temporal's retry options: at most
 * {@code maximumAttempts} attempts; before the second, wait {@code initialInterval}, and multiply the
 * wait by {@code backoffCoefficient} each time, never waiting more than {@code maximumInterval}; each
 * wait varied by up to {@code jitter} (a fraction, 0 to 1) either way; when a {@code timeBudget} is
 * set, no retry starts once that much time has passed since the first attempt. Failures of a
 * category in {@code nonRetryableCategories}, or whose exception is (or extends) a class named in
 * {@code nonRetryableTypes}, are never retried — decided by what failed, never by message text.
 * The same value drives node retries and step history save retries ({@code SaveRetryPolicy}).
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.builder().maximumAttempts(5).initialInterval(Duration.ofSeconds(1))
 *     .backoffCoefficient(2.0).maximumInterval(Duration.ofSeconds(30)).jitter(0.2)
 *     .doNotRetry(FailureCategory.OUTPUT_REJECTED).build();
 * }</pre>
 *
 * <p>Bounds, so a definition cannot ask for a runaway loop: at most {@value #MAX_ATTEMPTS} attempts,
 * intervals of at most an hour ({@link #MAX_INTERVAL}), a budget of at most a day ({@link
 * #MAX_TIME_BUDGET}). Immutable and thread-safe.
 *
 * @param maximumAttempts attempts in all, the first included: 1 to {@value #MAX_ATTEMPTS}
 * @param initialInterval the wait before the first retry: zero to {@link #MAX_INTERVAL}
 * @param backoffCoefficient what each wait is multiplied by for the next: 1.0 or more
 * @param maximumInterval the longest wait: at least {@code initialInterval}, at most {@link #MAX_INTERVAL}
 * @param jitter how much each wait varies, as a fraction of it: 0 to 1
 * @param timeBudget how long after the first attempt retries may still start, or null for no limit
 *     but {@code maximumAttempts}
 * @param nonRetryableCategories kinds of node failure that are never retried
 * @param nonRetryableTypes fully qualified exception class names whose failures (or subclasses') are
 *     never retried
 */
public record RetryPolicy(
    int maximumAttempts,
    Duration initialInterval,
    double backoffCoefficient,
    Duration maximumInterval,
    double jitter,
    Duration timeBudget,
    Set<FailureCategory> nonRetryableCategories,
    Set<String> nonRetryableTypes) {

  /** The most attempts a policy may allow. */
  public static final int MAX_ATTEMPTS = 100;
  /** The longest wait a policy may ask for between two attempts. */
  public static final Duration MAX_INTERVAL = Duration.ofHours(1);
  /** The longest time budget a policy may have. */
  public static final Duration MAX_TIME_BUDGET = Duration.ofDays(1);
  /** One attempt, no retries. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0, null, Set.of(), Set.of());

  private static final Pattern CLASS_NAME =
      Pattern.compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)+"
          + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");

  /** Checks every bound; see the class comment. */
  public RetryPolicy {
    checkAttempts(maximumAttempts);
    checkInterval(initialInterval, "initialInterval");
    checkInterval(maximumInterval, "maximumInterval");
    checkCoefficient(backoffCoefficient);
    checkJitter(jitter);
    checkBudget(timeBudget);
    if (maximumInterval.compareTo(initialInterval) < 0) {
      throw new InvalidInputException("maximumInterval", "must not be shorter than the initial interval ("
          + initialInterval + "), got " + maximumInterval);
    }
    nonRetryableCategories = Set.copyOf(requirePresent(nonRetryableCategories, "nonRetryableCategories"));
    nonRetryableTypes = Set.copyOf(requirePresent(nonRetryableTypes, "nonRetryableTypes"));
    nonRetryableTypes.forEach(RetryPolicy::checkType);
  }

  /** A builder starting from one attempt, no wait, coefficient 2.0, waits capped at an hour, no jitter. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The wait after failed attempt {@code attempt} (1-based), before jitter. */
  public Duration intervalAfter(int attempt) {
    double nanos = initialInterval.toNanos() * Math.pow(backoffCoefficient, Math.max(0, attempt - 1));
    return nanos >= maximumInterval.toNanos() ? maximumInterval : Duration.ofNanos((long) nanos);
  }

  /**
   * The wait before the next attempt, after {@code failedAttempts} failed ones and {@code elapsed}
   * since the first began; empty when no attempt is left: the count is used up, or the time budget
   * is (a wait that would overrun the budget is shortened to end with it). {@code random} yields
   * numbers in [0, 1) for the jitter.
   */
  public Optional<Duration> delayBeforeRetry(int failedAttempts, Duration elapsed, DoubleSupplier random) {
    if (failedAttempts >= maximumAttempts) {
      return Optional.empty();
    }
    Duration delay = intervalAfter(failedAttempts);
    if (jitter > 0 && !delay.isZero()) {
      delay = Duration.ofNanos((long) (delay.toNanos() * (1 + jitter * (2 * random.getAsDouble() - 1))));
    }
    if (timeBudget != null) {
      Duration left = timeBudget.minus(elapsed);
      if (left.isNegative() || left.isZero()) {
        return Optional.empty();
      }
      delay = delay.compareTo(left) > 0 ? left : delay;
    }
    return Optional.of(delay);
  }

  /**
   * Whether a failure may be retried: not when its {@code category} is non-retryable, nor when its
   * {@code cause} (either may be null) is an instance of a non-retryable type.
   */
  public boolean isRetryable(FailureCategory category, Throwable cause) {
    if (category != null && nonRetryableCategories.contains(category)) {
      return false;
    }
    if (cause == null || nonRetryableTypes.isEmpty()) {
      return true;
    }
    for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
      if (nonRetryableTypes.contains(type.getName()) || implementsNonRetryable(type)) {
        return false;
      }
    }
    return true;
  }

  private boolean implementsNonRetryable(Class<?> type) {
    return Arrays.stream(type.getInterfaces()).anyMatch(i -> nonRetryableTypes.contains(i.getName()));
  }

  private static void checkAttempts(int attempts) {
    if (attempts < 1) {
      throw new InvalidInputException("maximumAttempts", "must be 1 or more, got " + attempts);
    }
    if (attempts > MAX_ATTEMPTS) {
      throw new InvalidInputException("maximumAttempts", "must be at most " + MAX_ATTEMPTS + ", got " + attempts);
    }
  }

  private static void checkInterval(Duration interval, String field) {
    requireNonNegative(interval, field);
    if (interval.compareTo(MAX_INTERVAL) > 0) {
      throw new InvalidInputException(field, "must be at most an hour (PT1H), got " + interval);
    }
  }

  private static void checkCoefficient(double coefficient) {
    if (!(coefficient >= 1.0) || Double.isInfinite(coefficient)) {
      throw new InvalidInputException("backoffCoefficient", "must be 1.0 or more, got " + coefficient);
    }
  }

  private static void checkJitter(double jitter) {
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new InvalidInputException("jitter", "must be between 0 and 1, got " + jitter);
    }
  }

  private static void checkBudget(Duration budget) {
    if (budget == null) {
      return;
    }
    if (budget.isNegative() || budget.isZero()) {
      throw new InvalidInputException("timeBudget", "must be more than zero, got " + budget);
    }
    if (budget.compareTo(MAX_TIME_BUDGET) > 0) {
      throw new InvalidInputException("timeBudget", "must be at most a day (P1D), got " + budget);
    }
  }

  private static void checkType(String type) {
    if (type == null || !CLASS_NAME.matcher(type).matches()) {
      throw new InvalidInputException("nonRetryableTypes", "'" + dev.awo.spi.Arguments.excerpt(
          String.valueOf(type)) + "' is neither a failure category (" + FailureCategory.wireNames() + ") nor an exception type (a fully "
          + "qualified class name such as java.io.UncheckedIOException); what is retried is decided by the kind "
          + "of failure, not by its message");
    }
  }

  /** Builds {@link RetryPolicy}s; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private int maximumAttempts = 1;
    private Duration initialInterval = Duration.ZERO;
    private double backoffCoefficient = 2.0;
    private Duration maximumInterval = MAX_INTERVAL;
    private double jitter;
    private Duration timeBudget;
    private final Set<FailureCategory> nonRetryableCategories = new LinkedHashSet<>();
    private final Set<String> nonRetryableTypes = new LinkedHashSet<>();

    private Builder() {}

    private Builder(RetryPolicy from) {
      maximumAttempts = from.maximumAttempts;
      initialInterval = from.initialInterval;
      backoffCoefficient = from.backoffCoefficient;
      maximumInterval = from.maximumInterval;
      jitter = from.jitter;
      timeBudget = from.timeBudget;
      nonRetryableCategories.addAll(from.nonRetryableCategories);
      nonRetryableTypes.addAll(from.nonRetryableTypes);
    }

    /** Attempts in all, the first included: 1 to {@value RetryPolicy#MAX_ATTEMPTS}. */
    public Builder maximumAttempts(int attempts) {
      checkAttempts(attempts);
      this.maximumAttempts = attempts;
      return this;
    }

    /** The wait before the first retry: zero to an hour. */
    public Builder initialInterval(Duration interval) {
      checkInterval(interval, "initialInterval");
      this.initialInterval = interval;
      return this;
    }

    /** What each wait is multiplied by for the next: 1.0 or more. */
    public Builder backoffCoefficient(double coefficient) {
      checkCoefficient(coefficient);
      this.backoffCoefficient = coefficient;
      return this;
    }

    /** The longest wait: at most an hour, and not shorter than the initial interval (checked by {@link #build}). */
    public Builder maximumInterval(Duration interval) {
      checkInterval(interval, "maximumInterval");
      this.maximumInterval = interval;
      return this;
    }

    /** How much each wait varies either way, as a fraction of it: 0 to 1. */
    public Builder jitter(double jitter) {
      checkJitter(jitter);
      this.jitter = jitter;
      return this;
    }

    /** How long after the first attempt retries may still start: up to a day; null for no limit. */
    public Builder timeBudget(Duration budget) {
      checkBudget(budget);
      this.timeBudget = budget;
      return this;
    }

    /** Failures of these categories are not retried. */
    public Builder doNotRetry(FailureCategory... categories) {
      Arrays.stream(categories).forEach(c -> nonRetryableCategories.add(requirePresent(c, "nonRetryableCategories")));
      return this;
    }

    /** Failures caused by an exception of one of these types (or a subtype) are not retried. */
    @SafeVarargs
    public final Builder doNotRetry(Class<? extends Throwable>... types) {
      Arrays.stream(types).forEach(t -> nonRetryableTypes.add(requirePresent(t, "nonRetryableTypes").getName()));
      return this;
    }

    /** Like {@link #doNotRetry(Class[])}, naming the types by fully qualified class name. */
    public Builder doNotRetryTypes(Collection<String> typeNames) {
      for (String type : typeNames) {
        checkType(type);
        nonRetryableTypes.add(type);
      }
      return this;
    }

    /** The policy; refuses a maximum interval shorter than the initial one. */
    public RetryPolicy build() {
      return new RetryPolicy(maximumAttempts, initialInterval, backoffCoefficient, maximumInterval, jitter,
          timeBudget, nonRetryableCategories, nonRetryableTypes);
    }
  }
}
