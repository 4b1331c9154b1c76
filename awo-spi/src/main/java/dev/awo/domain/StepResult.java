package dev.awo.domain;

import static dev.awo.spi.Arguments.requireNonNegative;
import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one attempt of one step (or workflow node). A step retried three times leaves three
 * results.
 *
 * <pre>{@code
 * StepResult r = StepResult.builder("classify", startedAt).agentName("classifier")
 *     .succeeded("/feature").duration(Duration.ofMillis(850)).sessionId("9f1c...").build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param step the step or node id, e.g. {@code classify}
 * @param agentName the agent that ran it, or {@code null} for steps that are not agent calls
 * @param outcome how it ended
 * @param output what it produced (capped by the executor), or {@code null}
 * @param errorMessage why it failed, or {@code null}
 * @param startedAt when the attempt started
 * @param duration how long it took
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param sessionId the agent session, resumable for follow-up prompts, or {@code null}
 * @param costUsd what the agent call cost in US dollars, or {@code null} when unknown
 * @param tokenUsage tokens the agent used, or {@code null} when unknown
 * @param turns agent turns taken, or {@code null} when unknown
 * @param data named output values for later steps to bind ({@code $node.field}); never null
 * @param headCommit the commit checked out in the sandbox when the attempt ended, or {@code null}
 *     when there was no sandbox or it could not be read; recovery after a crash compares it with
 *     the sandbox it finds
 */
public record StepResult(
    String step,
    String agentName,
    StepOutcome outcome,
    String output,
    String errorMessage,
    Instant startedAt,
    Duration duration,
    int attempt,
    String sessionId,
    BigDecimal costUsd,
    TokenUsage tokenUsage,
    Integer turns,
    Map<String, String> data,
    String headCommit) {

  public StepResult {
    requireText(step, "step");
    requirePresent(outcome, "outcome");
    requirePresent(startedAt, "startedAt");
    requireNonNegative(duration, "duration");
    if (attempt < 1) {
      throw new InvalidInputException("attempt", "must be 1 or more, got " + attempt);
    }
    if (costUsd != null && costUsd.signum() < 0) {
      throw new InvalidInputException("costUsd", "cannot be negative, got " + costUsd);
    }
    if (turns != null && turns < 0) {
      throw new InvalidInputException("turns", "cannot be negative, got " + turns);
    }
    data = data == null ? Map.of() : Map.copyOf(data);
    if (headCommit != null && !headCommit.matches("[0-9a-f]{4,64}")) {
      throw new InvalidInputException("headCommit", "must be a hexadecimal commit id, got '"
          + dev.awo.spi.Arguments.excerpt(headCommit) + "'");
    }
  }

  /** A result without a recorded head commit (the form before 0.2.0). */
  public StepResult(String step, String agentName, StepOutcome outcome, String output, String errorMessage,
      Instant startedAt, Duration duration, int attempt, String sessionId, BigDecimal costUsd, TokenUsage tokenUsage,
      Integer turns, Map<String, String> data) {
    this(step, agentName, outcome, output, errorMessage, startedAt, duration, attempt, sessionId, costUsd,
        tokenUsage, turns, data, null);
  }

  /** True when the attempt was in flight when its orchestrator died, and was recorded so on recovery. */
  public boolean interrupted() {
    return outcome == StepOutcome.INTERRUPTED;
  }

  /** The head commit recorded when the attempt ended, if one was. */
  public Optional<String> recordedHead() {
    return Optional.ofNullable(headCommit);
  }

  /**
   * True when the attempt succeeded. A skipped or cancelled step is neither succeeded nor {@link
   * #failed()}: {@link #outcome()} says what happened.
   */
  public boolean succeeded() {
    return outcome == StepOutcome.SUCCEEDED;
  }

  /** True when the attempt failed; false for a succeeded, skipped or cancelled one. */
  public boolean failed() {
    return outcome == StepOutcome.FAILED;
  }

  /**
   * True only when the attempt succeeded — which also makes it false for a step that was skipped
   * (not needed) or cancelled, not only for one that failed.
   *
   * @deprecated misleading when filtering for failures; use {@link #succeeded()}, {@link
   *     #failed()} or {@link #outcome()}
   */
  @Deprecated(since = "0.1.0")
  public boolean success() {
    return succeeded();
  }

  public Optional<String> session() {
    return Optional.ofNullable(sessionId);
  }

  public static Builder builder(String step, Instant startedAt) {
    return new Builder(step, startedAt);
  }

  /** Builds {@link StepResult}s; not thread-safe. */
  public static final class Builder {
    private final String step;
    private final Instant startedAt;
    private String agentName;
    private StepOutcome outcome;
    private String output;
    private String errorMessage;
    private Duration duration = Duration.ZERO;
    private int attempt = 1;
    private String sessionId;
    private BigDecimal costUsd;
    private TokenUsage tokenUsage;
    private Integer turns;
    private Map<String, String> data = Map.of();
    private String headCommit;

    private Builder(String step, Instant startedAt) {
      this.step = step;
      this.startedAt = startedAt;
    }

    public Builder agentName(String agentName) { this.agentName = agentName; return this; }

    /** Marks the attempt successful with this output. */
    public Builder succeeded(String output) {
      this.outcome = StepOutcome.SUCCEEDED;
      this.output = output;
      return this;
    }

    /** Marks the attempt failed with this reason. */
    public Builder failed(String errorMessage) {
      this.outcome = StepOutcome.FAILED;
      this.errorMessage = errorMessage;
      return this;
    }

    public Builder outcome(StepOutcome outcome) { this.outcome = outcome; return this; }
    public Builder output(String output) { this.output = output; return this; }
    public Builder errorMessage(String errorMessage) { this.errorMessage = errorMessage; return this; }
    public Builder duration(Duration duration) { this.duration = duration; return this; }
    public Builder attempt(int attempt) { this.attempt = attempt; return this; }
    public Builder sessionId(String sessionId) { this.sessionId = sessionId; return this; }
    public Builder costUsd(BigDecimal costUsd) { this.costUsd = costUsd; return this; }
    public Builder tokenUsage(TokenUsage tokenUsage) { this.tokenUsage = tokenUsage; return this; }
    public Builder turns(Integer turns) { this.turns = turns; return this; }
    public Builder data(Map<String, String> data) { this.data = data; return this; }
    public Builder headCommit(String headCommit) { this.headCommit = headCommit; return this; }

    public StepResult build() {
      return new StepResult(step, agentName, outcome, output, errorMessage, startedAt, duration, attempt,
          sessionId, costUsd, tokenUsage, turns, data, headCommit);
    }
  }
}
