package dev.awo.core.internal;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What one work order's agent attempts have spent, for its budgets: the attempts already recorded
 * (seeded from the saved history, so a recovered run or a follow-up prompt counts what came before)
 * plus the live spend of attempts still running, which parallel nodes report as they stream.
 * Thread-safe: every method holds the ledger's monitor.
 */
final class SpendLedger {
  private AgentSpend recorded = AgentSpend.NONE;
  private final Map<String, AgentSpend> recordedByNode = new HashMap<>();
  private final Map<Object, Live> running = new HashMap<>();

  private record Live(String node, AgentSpend spend) {}

  SpendLedger(StepHistory history) {
    for (StepResult result : history.results()) {
      if (result.costUsd() != null || result.tokenUsage() != null || result.turns() != null) {
        add(result.step(), new AgentSpend(result.costUsd() == null ? BigDecimal.ZERO : result.costUsd(),
            result.tokenUsage() == null ? TokenUsage.ZERO : result.tokenUsage(),
            result.turns() == null ? 0 : result.turns(), false));
      }
    }
  }

  /** Sets the live spend of a running attempt ({@code key} is the attempt's own object). */
  synchronized void running(Object key, String node, AgentSpend spend) {
    running.put(key, new Live(node, spend));
  }

  /** Moves an attempt from running to recorded with its final spend. */
  synchronized void finished(Object key, String node, AgentSpend spend) {
    running.remove(key);
    add(node, spend);
  }

  /** Everything the work order has spent, recorded and running. */
  synchronized AgentSpend workOrder() {
    AgentSpend total = recorded;
    for (Live live : running.values()) {
      total = total.plus(live.spend());
    }
    return total;
  }

  /** Everything {@code node}'s attempts have spent, recorded and running. */
  synchronized AgentSpend node(String node) {
    AgentSpend total = recordedByNode.getOrDefault(node, AgentSpend.NONE);
    for (Live live : running.values()) {
      if (live.node().equals(node)) {
        total = total.plus(live.spend());
      }
    }
    return total;
  }

  private void add(String node, AgentSpend spend) {
    recorded = recorded.plus(spend);
    recordedByNode.merge(node, spend, AgentSpend::plus);
  }
}
