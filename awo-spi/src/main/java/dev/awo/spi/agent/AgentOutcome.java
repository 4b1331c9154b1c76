package dev.awo.spi.agent;

import static dev.awo.spi.Arguments.requireNonNegative;

import dev.awo.domain.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How an agent call ended. A failed call is an outcome, not an exception: {@code success} is false
 * and {@code errorMessage} says what happened in words a person can act on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param success whether the agent finished its task without error
 * @param output the agent's final text (capped), or null
 * @param sessionId the agent session, resumable, or null
 * @param costUsd the cost in US dollars, or null when unknown
 * @param tokenUsage tokens used, or null when unknown
 * @param turns turns taken, or null when unknown
 * @param duration wall-clock time of the call
 * @param errorMessage why it failed, or null on success
 */
public record AgentOutcome(
    boolean success,
    String output,
    String sessionId,
    BigDecimal costUsd,
    TokenUsage tokenUsage,
    Integer turns,
    Duration duration,
    String errorMessage) {

  public AgentOutcome {
    requireNonNegative(duration, "duration");
    if (!success && (errorMessage == null || errorMessage.isBlank())) {
      throw new dev.awo.domain.InvalidInputException("errorMessage", "a failed outcome must say why");
    }
  }

  public static AgentOutcome succeeded(String output, String sessionId, Duration duration) {
    return new AgentOutcome(true, output, sessionId, null, null, null, duration, null);
  }

  public static AgentOutcome failed(String errorMessage, Duration duration) {
    return new AgentOutcome(false, null, null, null, null, null, duration, errorMessage);
  }
}
