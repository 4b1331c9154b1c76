package dev.awo.core.internal;

import dev.awo.domain.TokenUsage;
import java.math.BigDecimal;

/**
 * What agent attempts spent: cost in US dollars, tokens and turns; {@code estimated} when some of
 * the cost was estimated from tokens rather than reported by the agent. Immutable.
 */
record AgentSpend(BigDecimal costUsd, TokenUsage tokens, int turns, boolean estimated) {
  static final AgentSpend NONE = new AgentSpend(BigDecimal.ZERO, TokenUsage.ZERO, 0, false);

  AgentSpend plus(AgentSpend other) {
    return new AgentSpend(costUsd.add(other.costUsd), tokens.plus(other.tokens), turns + other.turns,
        estimated || other.estimated);
  }
}
