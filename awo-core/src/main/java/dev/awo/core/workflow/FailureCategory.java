package dev.awo.core.workflow;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What kind of failure ended a node's attempt; a {@link RetryPolicy} can refuse to retry a kind.
 * Wire names are lowercase, e.g. {@code output_rejected}.
 *
 * <pre>{@code
 * RetryPolicy.builder().maximumAttempts(3).doNotRetry(FailureCategory.OUTPUT_REJECTED).build();
 * }</pre>
 *
 * <p>Constants are immutable and thread-safe.
 */
public enum FailureCategory {
  /** The agent ran and reported failure (its error says why). */
  AGENT_FAILED,
  /** The agent finished, but its output did not pass the node's check ({@code expects}). */
  OUTPUT_REJECTED,
  /** A tool's operation failed (its port threw). */
  TOOL_FAILED,
  /** The node could not run at all: its template could not be loaded, or the agent executor threw. */
  COULD_NOT_RUN,
  /**
   * The attempt was in flight when the orchestrator running it died (a crash, a kill -9), and was
   * recorded {@link dev.awo.domain.StepOutcome#INTERRUPTED} when the work order was recovered.
   */
  INTERRUPTED;

  /** The name used in workflow JSON, e.g. {@code agent_failed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category with this wire name, if there is one. */
  public static Optional<FailureCategory> find(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
  }

  /** Every wire name, in declaration order, joined by commas. */
  static String wireNames() {
    return Arrays.stream(values()).map(FailureCategory::wireName).collect(Collectors.joining(", "));
  }
}
