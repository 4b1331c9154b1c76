package dev.awo.examples;

import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.StuckDetection;

/**
 * What the runner's command line says about runaway agents: the work order's budget ({@code
 * --max-cost}, {@code --max-total-turns}) and when an agent counts as stuck ({@code --stuck-repeats},
 * {@code --stuck-silence}). Immutable.
 *
 * @param budget the work order's budget, {@link Budget#NONE} for the workflow's own
 * @param stuckDetection when an agent counts as stuck, or null for the workflow's or the default
 */
public record RunLimits(Budget budget, StuckDetection stuckDetection) {
  /** Nothing given: the workflow's budget and the default stuck detection. */
  public static final RunLimits NONE = new RunLimits(Budget.NONE, null);

  public RunLimits {
    budget = budget == null ? Budget.NONE : budget;
  }
}
