package dev.awo.core.internal;

import dev.awo.core.ModelPrices;
import dev.awo.domain.TokenUsage;
import dev.awo.spi.agent.AgentEvent;
import java.math.BigDecimal;

/**
 * Adds up what one agent attempt spends from its live events: the latest {@link AgentEvent.Usage}
 * of each API message (tokens, and the cost estimated at the message's model's prices), one turn
 * per distinct message id (from usage, text and tool use events), and once the agent's {@link
 * AgentEvent.Result} states them, its reported cost, tokens and turns instead. Messages are assumed
 * to stream one after another, so only the current one is held. Not thread-safe: its {@link
 * AgentWatch} guards it.
 */
final class UsageMeter {
  private final ModelPrices prices;
  private TokenUsage earlierTokens = TokenUsage.ZERO;
  private BigDecimal earlierCost = BigDecimal.ZERO;
  private String messageId;
  private TokenUsage messageTokens = TokenUsage.ZERO;
  private BigDecimal messageCost = BigDecimal.ZERO;
  private int turns;
  private boolean sawUsage;
  private AgentEvent.Result result;

  UsageMeter(ModelPrices prices) {
    this.prices = prices;
  }

  /** Takes in one event; true when the spend may have changed. */
  boolean accept(AgentEvent event) {
    if (event instanceof AgentEvent.Usage usage) {
      turn(usage.messageId());
      sawUsage = true;
      messageTokens = usage.usage();
      messageCost = prices.estimate(usage.model(), usage.usage());
      return true;
    }
    if (event instanceof AgentEvent.AssistantText text) {
      return turn(text.messageId());
    }
    if (event instanceof AgentEvent.ToolUse tool) {
      return turn(tool.messageId());
    }
    if (event instanceof AgentEvent.Result r) {
      result = r;
      return true;
    }
    return false;
  }

  private boolean turn(String id) {
    if (id == null || id.equals(messageId)) {
      return false;
    }
    earlierTokens = earlierTokens.plus(messageTokens);
    earlierCost = earlierCost.add(messageCost);
    messageId = id;
    messageTokens = TokenUsage.ZERO;
    messageCost = BigDecimal.ZERO;
    turns++;
    return true;
  }

  /** The spend so far: reported figures where the agent gave them, else the streamed ones. */
  AgentSpend spend() {
    TokenUsage tokens = result != null && result.usage() != null ? result.usage() : earlierTokens.plus(messageTokens);
    int turnCount = result != null && result.turns() != null ? Math.max(result.turns(), 0) : turns;
    if (result != null && result.totalCostUsd() != null && result.totalCostUsd().signum() >= 0) {
      return new AgentSpend(result.totalCostUsd(), tokens, turnCount, false);
    }
    return new AgentSpend(earlierCost.add(messageCost), tokens, turnCount, sawUsage);
  }

  /** True when any usage was seen (streamed or reported). */
  boolean sawAnything() {
    return sawUsage || result != null || turns > 0;
  }
}
