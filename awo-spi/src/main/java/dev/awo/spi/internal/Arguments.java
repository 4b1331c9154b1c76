package dev.awo.spi.internal;

import java.time.Duration;

/**
 * Moved to {@link dev.awo.spi.Arguments}; this delegate only keeps code written against the old
 * place compiling while branches are merged.
 *
 * @deprecated use {@link dev.awo.spi.Arguments}; this class will be removed
 */
@Deprecated(since = "0.1.0")
public final class Arguments {
  private Arguments() {}

  public static String requireText(String value, String field) {
    return dev.awo.spi.Arguments.requireText(value, field);
  }

  public static <T> T requirePresent(T value, String field) {
    return dev.awo.spi.Arguments.requirePresent(value, field);
  }

  public static Duration requireNonNegative(Duration value, String field) {
    return dev.awo.spi.Arguments.requireNonNegative(value, field);
  }

  public static Duration requirePositive(Duration value, String field) {
    return dev.awo.spi.Arguments.requirePositive(value, field);
  }

  public static int requirePositive(int value, String field) {
    return dev.awo.spi.Arguments.requirePositive(value, field);
  }

  public static boolean isName(String value, int maxLength, String punctuation) {
    return dev.awo.spi.Arguments.isName(value, maxLength, punctuation);
  }

  public static String excerpt(String value) {
    return dev.awo.spi.Arguments.excerpt(value);
  }
}
