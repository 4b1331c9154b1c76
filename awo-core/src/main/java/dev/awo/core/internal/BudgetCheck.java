package dev.awo.core.internal;

import dev.awo.core.workflow.Budget;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Compares what was spent with a {@link Budget} and words the verdict: which budget, which limit,
 * by how much. Thread-safe (stateless).
 */
final class BudgetCheck {
  /** When the check is made, which decides both the rule (over, or reached) and the wording. */
  enum Moment {
    /** Before an attempt starts: a budget that is reached is used up. */
    BEFORE_START,
    /** While the agent runs: a budget that is passed stops it. */
    RUNNING,
    /** At the agent's own final report: it had finished, but passed the budget on the way. */
    AT_RESULT
  }

  private BudgetCheck() {}

  /**
   * The stop when {@code spent} is over {@code budget} or, before an attempt starts, has reached
   * it; else null.
   *
   * @param owner whose budget, e.g. {@code the work order's} or {@code node 'plan''s}
   */
  static AgentStop check(Budget budget, AgentSpend spent, String owner, Moment moment) {
    boolean beforeStart = moment == Moment.BEFORE_START;
    if (budget.maxCostUsd() != null) {
      int cmp = spent.costUsd().compareTo(budget.maxCostUsd());
      if (cmp > 0 || (beforeStart && cmp == 0)) {
        return stop(owner + " maxCostUsd of $" + usd(budget.maxCostUsd()),
            "$" + usd(spent.costUsd().subtract(budget.maxCostUsd())),
            "$" + usd(spent.costUsd()) + " spent" + (spent.estimated() ? ", partly estimated from tokens" : ""),
            moment);
      }
    }
    if (budget.maxTurns() != null) {
      int turns = spent.turns();
      if (turns > budget.maxTurns() || (beforeStart && turns == budget.maxTurns())) {
        return stop(owner + " maxTurns of " + budget.maxTurns(), (turns - budget.maxTurns()) + " turn"
            + (turns - budget.maxTurns() == 1 ? "" : "s"), turns + " turns taken", moment);
      }
    }
    return null;
  }

  private static AgentStop stop(String limit, String over, String spent, Moment moment) {
    String message = switch (moment) {
      case BEFORE_START -> "budget exceeded: " + limit + " is used up (" + spent + "), so the agent was not started";
      case RUNNING -> "budget exceeded: " + limit + " was exceeded by " + over + " (" + spent + "); the agent was stopped";
      case AT_RESULT -> "budget exceeded: " + limit + " was exceeded by " + over + " (" + spent + ", as the agent "
          + "reported when it finished); its result is not used";
    };
    return new AgentStop(dev.awo.core.workflow.FailureCategory.BUDGET_EXCEEDED, message);
  }

  /** Dollars to 4 places, at least 2 shown: {@code 1.00}, {@code 0.0312}. */
  static String usd(BigDecimal amount) {
    BigDecimal rounded = amount.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() < 2 ? rounded.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : rounded.toPlainString();
  }
}
