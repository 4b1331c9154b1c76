package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.TokenUsage;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ModelPrices estimates what tokens cost")
class ModelPricesTest {
  @Test
  @DisplayName("the estimate of the recorded Sonnet transcript equals the CLI's own total_cost_usd")
  void matchesTheCliOnARecordedRun() {
    // 01_bash_tool_use_success.jsonl: 58762 input and 90 output tokens, total_cost_usd 0.177636
    assertEquals(0, new BigDecimal("0.177636").compareTo(
        ModelPrices.DEFAULT.estimate("claude-sonnet-5", new TokenUsage(58762, 90, 0, 0))));
  }

  @Test
  @DisplayName("the longest matching key wins; unknown and missing models get the fallback")
  void lookup() {
    ModelPrices p = ModelPrices.DEFAULT;
    assertEquals(new BigDecimal("15"), p.priceOf("claude-opus-4-1-20250805").input());
    assertEquals(new BigDecimal("5"), p.priceOf("claude-opus-4-5-20251101").input());
    assertEquals(new BigDecimal("1"), p.priceOf("claude-haiku-4-5").input());
    assertEquals(new BigDecimal("0.80"), p.priceOf("claude-3-5-haiku-20241022").input());
    assertEquals(new BigDecimal("0.25"), p.priceOf("claude-3-haiku-20240307").input());
    assertEquals(p.fallback(), p.priceOf("some-proxy-model"));
    assertEquals(p.fallback(), p.priceOf(null));
  }

  @Test
  @DisplayName("every kind of token is priced: cache writes and reads at their own rates")
  void everyKind() {
    BigDecimal cost = ModelPrices.DEFAULT.estimate("claude-sonnet-4-5", new TokenUsage(1_000_000, 1_000_000,
        1_000_000, 1_000_000));
    assertEquals(0, new BigDecimal("22.05").compareTo(cost), cost.toPlainString());
  }

  @Test
  @DisplayName("a host overrides and adds prices; bad prices are refused")
  void override() {
    ModelPrices mine = ModelPrices.DEFAULT.toBuilder()
        .price("my-proxy", ModelPrices.Price.perMillion("2", "8", "2", "0.2")).build();
    assertEquals(new BigDecimal("2"), mine.priceOf("my-proxy-large").input());
    assertEquals(new BigDecimal("3"), mine.priceOf("claude-sonnet-4").input());
    assertThrows(InvalidInputException.class, () -> ModelPrices.Price.perMillion("-1", "1", "1", "1"));
    assertThrows(InvalidInputException.class, () -> ModelPrices.Price.perMillion("three", "1", "1", "1"));
    assertThrows(InvalidInputException.class, () -> ModelPrices.builder(null));
    assertThrows(InvalidInputException.class, () -> mine.toBuilder().price(" ", mine.fallback()));
  }
}
