package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Limits on what an agent may spend: {@code maxCostUsd} US dollars and {@code maxTurns} turns (API
 * messages), either or both. A budget applies to a work order (all its agent attempts: every node,
 * every retry, failed, timed-out and cancelled attempts and follow-up prompts) or to one node (all
 * attempts of that node). It is enforced from the agent's own usage as it streams: when the spend
 * goes over a limit the agent process is stopped at once and the attempt fails with {@link
 * FailureCategory#BUDGET_EXCEEDED}, which is never retried. Where the agent has not yet stated its
 * cost, the running cost is estimated from its tokens ({@link dev.awo.core.ModelPrices}).
 *
 * <pre>{@code
 * Budget.of(new BigDecimal("2.50"), 40);   // $2.50 and 40 turns
 * Budget.maxCostUsd(new BigDecimal("1"));  // $1, turns unlimited
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxCostUsd the most it may cost in US dollars, more than zero, or null for no cost limit
 * @param maxTurns the most turns, 1 or more, or null for no turn limit
 */
public record Budget(BigDecimal maxCostUsd, Integer maxTurns) {
  /** No limit at all. */
  public static final Budget NONE = new Budget(null, null);

  /** The most a cost limit may be: one million dollars (a typo guard). */
  public static final BigDecimal MAX_COST_USD = new BigDecimal("1000000");

  public Budget {
    maxCostUsd = maxCostUsd == null ? null : maxCostUsd.stripTrailingZeros();
    if (maxCostUsd != null && (maxCostUsd.signum() <= 0 || maxCostUsd.compareTo(MAX_COST_USD) > 0)) {
      throw new InvalidInputException("maxCostUsd", "must be more than 0 and at most " + MAX_COST_USD.toPlainString()
          + " US dollars, got " + maxCostUsd.toPlainString());
    }
    if (maxTurns != null && maxTurns < 1) {
      throw new InvalidInputException("maxTurns", "must be 1 or more, got " + maxTurns);
    }
  }

  /** A budget of both limits; either may be null. */
  public static Budget of(BigDecimal maxCostUsd, Integer maxTurns) {
    return new Budget(maxCostUsd, maxTurns);
  }

  /** A cost limit alone. */
  public static Budget maxCostUsd(BigDecimal maxCostUsd) {
    return new Budget(maxCostUsd, null);
  }

  /** A turn limit alone. */
  public static Budget maxTurns(int maxTurns) {
    return new Budget(null, maxTurns);
  }

  /** True when neither limit is set. */
  public boolean isUnlimited() {
    return maxCostUsd == null && maxTurns == null;
  }

  /** Each limit of this budget, or where it has none, {@code fallback}'s. */
  public Budget orElse(Budget fallback) {
    return new Budget(maxCostUsd != null ? maxCostUsd : fallback.maxCostUsd,
        maxTurns != null ? maxTurns : fallback.maxTurns);
  }

  /** The cost limit, if there is one. */
  public Optional<BigDecimal> costLimit() {
    return Optional.ofNullable(maxCostUsd);
  }

  /** The turn limit, if there is one. */
  public Optional<Integer> turnLimit() {
    return Optional.ofNullable(maxTurns);
  }
}
