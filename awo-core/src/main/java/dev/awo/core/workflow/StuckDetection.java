package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;

/**
 * When an agent counts as stuck, so that its attempt is stopped and fails with {@link
 * FailureCategory#AGENT_STUCK} instead of running on: the same tool called with the same input
 * {@code repeatedToolCalls} times in a row, or no agent event at all for {@code silence}. Either
 * check can be switched off: {@code repeatedToolCalls} 0, {@code silence} null. Time is read from
 * the orchestrator's clock, so a test's virtual clock drives the silence check.
 *
 * <pre>{@code
 * builder.stuckDetection(new StuckDetection(8, Duration.ofMinutes(20)));
 * builder.stuckDetection(StuckDetection.OFF);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param repeatedToolCalls identical tool calls in a row that count as a loop: 2 or more, or 0 for off
 * @param silence how long without any agent event counts as hung: positive, or null for off
 */
public record StuckDetection(int repeatedToolCalls, Duration silence) {
  /** The default: 5 identical tool calls in a row, or 10 minutes without an event. */
  public static final StuckDetection DEFAULT = new StuckDetection(5, Duration.ofMinutes(10));

  /** Both checks off. */
  public static final StuckDetection OFF = new StuckDetection(0, null);

  /** The most identical calls that may be asked for. */
  public static final int MAX_REPEATED_TOOL_CALLS = 10_000;

  public StuckDetection {
    if (repeatedToolCalls != 0 && (repeatedToolCalls < 2 || repeatedToolCalls > MAX_REPEATED_TOOL_CALLS)) {
      throw new InvalidInputException("repeatedToolCalls", "must be 0 (off) or from 2 to " + MAX_REPEATED_TOOL_CALLS
          + ", got " + repeatedToolCalls);
    }
    if (silence != null && (silence.isNegative() || silence.isZero())) {
      throw new InvalidInputException("silence", "must be a positive duration, or null for off, got " + silence);
    }
  }

  /** True when the repeated tool call check is on. */
  public boolean detectsLoops() {
    return repeatedToolCalls > 0;
  }

  /** True when the silence check is on. */
  public boolean detectsSilence() {
    return silence != null;
  }
}
