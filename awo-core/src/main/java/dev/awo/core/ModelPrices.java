package dev.awo.core;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.TokenUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a model's tokens cost, for estimating an agent's running cost from the token usage it
 * streams before it states its own cost. The Claude Code CLI prints each API message's usage as
 * the message streams but the cost only in its final result line; until then (and for ever, when
 * the attempt is killed by a timeout, a cancellation or a budget) awo estimates:
 *
 * <pre>
 * cost = input × in + output × out + cache_creation_input × cache_write + cache_read_input × cache_read
 * </pre>
 *
 * summed over the attempt's API messages (the latest usage reported for each), with the prices of
 * the message's model in US dollars per million tokens. The model id is matched against the table's
 * keys as a case-insensitive substring, the longest matching key winning ({@code claude-opus-4-5}
 * before {@code opus}); a model matching no key (or not reported) is priced at {@link
 * #fallback()}. Once the agent reports its cost, the reported figure replaces the estimate.
 *
 * <p>The defaults ({@link #DEFAULT}), Anthropic's list prices per million tokens as of late 2025,
 * prompt-cache writes at the 5-minute rate:
 * <table>
 *   <caption>Default prices, US dollars per million tokens</caption>
 *   <tr><th>key</th><th>input</th><th>output</th><th>cache write</th><th>cache read</th></tr>
 *   <tr><td>{@code opus} (Opus 4, 4.1)</td><td>15</td><td>75</td><td>18.75</td><td>1.50</td></tr>
 *   <tr><td>{@code opus-4-5}</td><td>5</td><td>25</td><td>6.25</td><td>0.50</td></tr>
 *   <tr><td>{@code sonnet} (Sonnet 4, 4.5) and the fallback</td><td>3</td><td>15</td><td>3.75</td><td>0.30</td></tr>
 *   <tr><td>{@code haiku} (Haiku 4.5)</td><td>1</td><td>5</td><td>1.25</td><td>0.10</td></tr>
 *   <tr><td>{@code 3-5-haiku}</td><td>0.80</td><td>4</td><td>1</td><td>0.08</td></tr>
 *   <tr><td>{@code 3-haiku}</td><td>0.25</td><td>1.25</td><td>0.30</td><td>0.03</td></tr>
 * </table>
 * Prices change: pass your own with {@link #toBuilder()} / {@link #builder(Price)} to {@link
 * WorkflowOrchestratorBuilder#modelPrices}. The CLI's per-message lines carry the output tokens
 * counted when the message started (often 1), so output is undercounted until the result line;
 * input tokens, which dominate an agent's cost, are exact.
 *
 * <pre>{@code
 * ModelPrices prices = ModelPrices.DEFAULT.toBuilder()
 *     .price("sonnet", ModelPrices.Price.perMillion("3", "15", "3.75", "0.30"))
 *     .price("my-proxy-model", ModelPrices.Price.perMillion("2", "8", "2", "0.2"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelPrices {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** The default table, above. */
  public static final ModelPrices DEFAULT = builder(Price.perMillion("3", "15", "3.75", "0.30"))
      .price("opus", Price.perMillion("15", "75", "18.75", "1.50"))
      .price("opus-4-5", Price.perMillion("5", "25", "6.25", "0.50"))
      .price("sonnet", Price.perMillion("3", "15", "3.75", "0.30"))
      .price("haiku", Price.perMillion("1", "5", "1.25", "0.10"))
      .price("3-5-haiku", Price.perMillion("0.80", "4", "1", "0.08"))
      .price("3-haiku", Price.perMillion("0.25", "1.25", "0.30", "0.03"))
      .build();

  private final Map<String, Price> prices;
  private final Price fallback;

  private ModelPrices(Map<String, Price> prices, Price fallback) {
    this.prices = Map.copyOf(prices);
    this.fallback = fallback;
  }

  /** A table with only {@code fallback}; add keys with {@link Builder#price}. */
  public static Builder builder(Price fallback) {
    return new Builder(fallback);
  }

  /** A builder holding this table, to change or add prices. */
  public Builder toBuilder() {
    Builder builder = new Builder(fallback);
    builder.prices.putAll(prices);
    return builder;
  }

  /** The price of a model matching no key. */
  public Price fallback() {
    return fallback;
  }

  /** The price of {@code model} (an id such as {@code claude-sonnet-4-5-20250929}); null means unknown. */
  public Price priceOf(String model) {
    if (model == null) {
      return fallback;
    }
    String id = model.toLowerCase(Locale.ROOT);
    return prices.entrySet().stream().filter(e -> id.contains(e.getKey()))
        .max(Comparator.comparingInt(e -> e.getKey().length()))
        .map(Map.Entry::getValue).orElse(fallback);
  }

  /** The estimated cost in US dollars of {@code usage} on {@code model}. */
  public BigDecimal estimate(String model, TokenUsage usage) {
    return priceOf(model).cost(usage);
  }

  @Override
  public String toString() {
    return "ModelPrices" + prices + ", fallback " + fallback;
  }

  /**
   * Prices of one model in US dollars per million tokens. Immutable and thread-safe.
   *
   * @param input per million uncached input tokens
   * @param output per million output tokens
   * @param cacheWrite per million input tokens written to the prompt cache
   * @param cacheRead per million input tokens read from the prompt cache
   */
  public record Price(BigDecimal input, BigDecimal output, BigDecimal cacheWrite, BigDecimal cacheRead) {
    public Price {
      check(input, "input");
      check(output, "output");
      check(cacheWrite, "cacheWrite");
      check(cacheRead, "cacheRead");
    }

    /** Prices given as decimal strings, e.g. {@code perMillion("3", "15", "3.75", "0.30")}. */
    public static Price perMillion(String input, String output, String cacheWrite, String cacheRead) {
      return new Price(decimal(input, "input"), decimal(output, "output"), decimal(cacheWrite, "cacheWrite"),
          decimal(cacheRead, "cacheRead"));
    }

    /** What {@code usage} costs at these prices, in US dollars. */
    public BigDecimal cost(TokenUsage usage) {
      BigDecimal perMillion = input.multiply(BigDecimal.valueOf(usage.inputTokens()))
          .add(output.multiply(BigDecimal.valueOf(usage.outputTokens())))
          .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheCreationInputTokens())))
          .add(cacheRead.multiply(BigDecimal.valueOf(usage.cacheReadInputTokens())));
      return perMillion.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }

    private static void check(BigDecimal value, String field) {
      if (value == null || value.signum() < 0) {
        throw new InvalidInputException(field, "must be a price of zero or more US dollars per million tokens, got "
            + value);
      }
    }

    private static BigDecimal decimal(String text, String field) {
      try {
        return new BigDecimal(Objects.requireNonNull(text, field));
      } catch (NumberFormatException | NullPointerException e) {
        throw new InvalidInputException(field, "must be a decimal number such as \"3.75\", got " + text);
      }
    }
  }

  /** Builds {@link ModelPrices}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Price> prices = new LinkedHashMap<>();
    private Price fallback;

    private Builder(Price fallback) {
      fallback(fallback);
    }

    /** Prices models whose id contains {@code key} (case-insensitive); replaces an earlier price of the key. */
    public Builder price(String key, Price price) {
      if (key == null || key.isBlank()) {
        throw new InvalidInputException("key", "must name (part of) a model id, e.g. \"sonnet\"");
      }
      prices.put(key.toLowerCase(Locale.ROOT), Objects.requireNonNull(price, "price"));
      return this;
    }

    /** The price of a model matching no key. */
    public Builder fallback(Price price) {
      if (price == null) {
        throw new InvalidInputException("fallback", "is required: the price of a model matching no key");
      }
      this.fallback = price;
      return this;
    }

    public ModelPrices build() {
      return new ModelPrices(prices, fallback);
    }
  }
}
