package dev.awo.domain;

import dev.awo.spi.Arguments;

/**
 * The caller's key for one submission: a second submit with the same key returns the first work
 * order's id and starts nothing, also after a restart and on another orchestrator sharing the store
 * (the store keeps keys unique). 1 to {@value #MAX_LENGTH} visible ASCII characters ({@code !} to
 * {@code ~}, no spaces), e.g. a UUID or {@code order-42:attempt-1}.
 *
 * <pre>{@code
 * IdempotencyKey key = IdempotencyKey.of(request.getHeader("Idempotency-Key"));   // validates
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the key as the caller gave it
 */
public record IdempotencyKey(String value) {
  /** Longest key accepted, in characters. */
  public static final int MAX_LENGTH = 128;

  public IdempotencyKey {
    if (value == null) {
      throw new InvalidInputException("idempotencyKey", "is required");
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new InvalidInputException("idempotencyKey",
          "must be 1 to " + MAX_LENGTH + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '!' || c > '~') {
        throw new InvalidInputException("idempotencyKey", "may hold only visible ASCII characters ('!' to '~', "
            + "no spaces); character " + (i + 1) + " of '" + Arguments.excerpt(value) + "' is not one");
      }
    }
  }

  /** Parses and validates a key. */
  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
