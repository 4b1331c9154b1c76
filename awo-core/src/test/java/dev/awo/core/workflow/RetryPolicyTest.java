package dev.awo.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RetryPolicy, the one backoff value")
class RetryPolicyTest {

  @Test
  @DisplayName("a maximum interval shorter than the initial one is refused, not silently raised")
  void refusesMaximumBelowInitial() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> RetryPolicy.builder()
        .initialInterval(Duration.ofSeconds(10)).maximumInterval(Duration.ofSeconds(2)).build());
    assertEquals("maximumInterval", e.field());
    assertEquals("must not be shorter than the initial interval (PT10S), got PT2S", e.problem());
    assertThrows(InvalidInputException.class, () -> new RetryPolicy(3, Duration.ofSeconds(10), 2.0,
        Duration.ofSeconds(2), 0, null, Set.of(), Set.of()));
  }

  @Test
  @DisplayName("setters check their argument at once, naming the field: attempts 1..100, intervals up to an hour")
  void bounds() {
    assertEquals("Invalid maximumAttempts: must be at most 100, got 101",
        assertThrows(InvalidInputException.class, () -> RetryPolicy.builder().maximumAttempts(101)).getMessage());
    assertEquals("Invalid maximumAttempts: must be 1 or more, got 0",
        assertThrows(InvalidInputException.class, () -> RetryPolicy.builder().maximumAttempts(0)).getMessage());
    assertEquals("initialInterval", assertThrows(InvalidInputException.class,
        () -> RetryPolicy.builder().initialInterval(Duration.ofMinutes(61))).field());
    assertEquals("maximumInterval", assertThrows(InvalidInputException.class,
        () -> RetryPolicy.builder().maximumInterval(Duration.ofMillis(-1))).field());
    assertEquals("backoffCoefficient", assertThrows(InvalidInputException.class,
        () -> RetryPolicy.builder().backoffCoefficient(Double.NaN)).field());
    assertEquals("jitter", assertThrows(InvalidInputException.class, () -> RetryPolicy.builder().jitter(1.5)).field());
    assertEquals("timeBudget", assertThrows(InvalidInputException.class,
        () -> RetryPolicy.builder().timeBudget(Duration.ofDays(2))).field());
    assertEquals("nonRetryableTypes", assertThrows(InvalidInputException.class,
        () -> RetryPolicy.builder().doNotRetryTypes(Set.of("connection reset"))).field());
  }

  @Test
  @DisplayName("waits grow by the coefficient up to the maximum; jitter varies them; attempts and budget end them")
  void schedule() {
    RetryPolicy p = RetryPolicy.builder().maximumAttempts(5).initialInterval(Duration.ofSeconds(1))
        .backoffCoefficient(3.0).maximumInterval(Duration.ofSeconds(5)).jitter(0.5)
        .timeBudget(Duration.ofSeconds(10)).build();
    assertEquals(Optional.of(Duration.ofMillis(500)), p.delayBeforeRetry(1, Duration.ZERO, () -> 0.0));
    assertEquals(Optional.of(Duration.ofMillis(3000)), p.delayBeforeRetry(2, Duration.ZERO, () -> 0.5));
    assertEquals(Optional.of(Duration.ofMillis(5000)), p.delayBeforeRetry(3, Duration.ZERO, () -> 0.5), "capped");
    assertEquals(Optional.of(Duration.ofSeconds(2)), p.delayBeforeRetry(3, Duration.ofSeconds(8), () -> 0.5),
        "shortened to end with the budget");
    assertEquals(Optional.empty(), p.delayBeforeRetry(2, Duration.ofSeconds(10), () -> 0.5), "budget used up");
    assertEquals(Optional.empty(), p.delayBeforeRetry(5, Duration.ZERO, () -> 0.5), "attempts used up");
    assertEquals(Optional.empty(), RetryPolicy.NONE.delayBeforeRetry(1, Duration.ZERO, () -> 0.5));
  }

  @Test
  @DisplayName("non-retryable by category, or by exception type including subtypes and interfaces")
  void nonRetryable() {
    RetryPolicy p = RetryPolicy.builder().maximumAttempts(3).doNotRetry(FailureCategory.OUTPUT_REJECTED)
        .doNotRetry(RuntimeException.class).doNotRetryTypes(Set.of("java.lang.AutoCloseable")).build();
    assertFalse(p.isRetryable(FailureCategory.OUTPUT_REJECTED, null));
    assertTrue(p.isRetryable(FailureCategory.AGENT_FAILED, null));
    assertFalse(p.isRetryable(FailureCategory.TOOL_FAILED, new UncheckedIOException(new java.io.IOException("x"))));
    assertTrue(p.isRetryable(null, new Exception("RuntimeException in the message")));
    class Closing extends Exception implements AutoCloseable {
      @Override public void close() {}
    }
    assertFalse(p.isRetryable(null, new Closing()));
  }
}
