package dev.awo.core.internal;

import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.StuckDetection;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The budgets and stuck detection of one work order's agent attempts: makes each attempt's {@link
 * AgentWatch} with the limits that apply to it, and settles what the attempt spent onto its step
 * result — the agent's reported cost, tokens and turns where it gave them, else what its events
 * showed (cost estimated at {@link dev.awo.core.ModelPrices}) — on every path: success, failure,
 * timeout, cancellation, budget or stuck stop. Thread-safe.
 */
final class AgentGuards {
  /** The data field marking a cost estimated from tokens (the agent never stated it). */
  static final String COST_ESTIMATED = "cost_estimated";

  private final RunServices services;
  private final Budget workOrderBudget;
  private final StuckDetection stuck;
  private final SpendLedger ledger;

  AgentGuards(RunServices services, CompiledWorkflow workflow, StepHistory history) {
    this.services = services;
    this.workOrderBudget = workflow.definition().budget();
    StuckDetection own = workflow.definition().stuckDetection();
    this.stuck = own != null ? own : services.stuckDetection();
    this.ledger = new SpendLedger(history);
  }

  /** A watch for one attempt of {@code node}, passing every event on to {@code downstream}. */
  AgentWatch watch(String node, Budget nodeBudget, Consumer<AgentEvent> downstream) {
    AttemptLimits limits = new AttemptLimits(workOrderBudget, nodeBudget, stuck, services.modelPrices());
    return new AgentWatch(limits, ledger, node, services.clock(), downstream);
  }

  /**
   * Puts the attempt's final spend on {@code result} and into the ledger. {@code outcome} is null
   * when the agent threw or never ran.
   *
   * @return the data fields to add to the result: {@value #COST_ESTIMATED} when the cost is an estimate
   */
  Map<String, String> settle(AgentWatch watch, String node, AgentOutcome outcome, StepResult.Builder result) {
    AgentSpend streamed = watch.streamed();
    boolean estimated = false;
    BigDecimal cost = outcome == null ? null : outcome.costUsd();
    TokenUsage tokens = outcome == null ? null : outcome.tokenUsage();
    Integer turns = outcome == null ? null : outcome.turns();
    if (streamed != null) {
      if (cost == null) {
        cost = streamed.costUsd();
        estimated = streamed.estimated();
      }
      tokens = tokens != null ? tokens : streamed.tokens();
      turns = turns != null ? turns : Integer.valueOf(streamed.turns());
    }
    result.costUsd(cost).tokenUsage(tokens).turns(turns);
    ledger.finished(watch, node, new AgentSpend(cost == null ? BigDecimal.ZERO : cost,
        tokens == null ? TokenUsage.ZERO : tokens, turns == null ? 0 : turns, estimated));
    return estimated ? Map.of(COST_ESTIMATED, "true") : Map.of();
  }
}
