package dev.awo.domain;

/**
 * Tokens an agent used, as its provider reports them.
 *
 * @param inputTokens uncached input tokens
 * @param outputTokens generated tokens
 * @param cacheCreationInputTokens input tokens written to the prompt cache
 * @param cacheReadInputTokens input tokens read from the prompt cache
 */
public record TokenUsage(
    long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {

  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || cacheCreationInputTokens < 0 || cacheReadInputTokens < 0) {
      throw new InvalidInputException("tokenUsage", "token counts cannot be negative");
    }
  }

  /** Every kind of token added up. */
  public long total() {
    return inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
  }

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheCreationInputTokens + other.cacheCreationInputTokens,
        cacheReadInputTokens + other.cacheReadInputTokens);
  }
}
