package dev.awo.spi.internal;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;

/**
 * Argument checks shared by the value types. Internal: no compatibility promise.
 *
 * <p>This class is thread-safe.
 */
public final class Arguments {
  private static final int EXCERPT_LENGTH = 80;

  private Arguments() {}

  /** Returns {@code value} if it holds a non-whitespace character, else throws naming {@code field}. */
  public static String requireText(String value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    if (value.isBlank()) {
      throw new InvalidInputException(field, "must not be blank");
    }
    return value;
  }

  public static <T> T requirePresent(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    return value;
  }

  public static Duration requireNonNegative(Duration value, String field) {
    requirePresent(value, field);
    if (value.isNegative()) {
      throw new InvalidInputException(field, "must not be negative, got " + value);
    }
    return value;
  }

  public static Duration requirePositive(Duration value, String field) {
    requirePresent(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidInputException(field, "must be positive, got " + value);
    }
    return value;
  }

  public static int requirePositive(int value, String field) {
    if (value <= 0) {
      throw new InvalidInputException(field, "must be positive, got " + value);
    }
    return value;
  }

  /**
   * Whether {@code value} is a name: 1 to {@code maxLength} characters, a lowercase ASCII letter or
   * digit first, then lowercase letters, digits or any of {@code punctuation}. Checked character
   * by character, as it runs on every step.
   */
  public static boolean isName(String value, int maxLength, String punctuation) {
    int length = value.length();
    if (length == 0 || length > maxLength || !isLowerAlnum(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = value.charAt(i);
      if (!isLowerAlnum(c) && punctuation.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlnum(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }

  /**
   * A short, printable excerpt of user text for an error message: at most 80 characters, control
   * characters replaced, so a message never carries a whole payload or breaks a log line.
   */
  public static String excerpt(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), EXCERPT_LENGTH + 3));
    for (int i = 0; i < value.length() && i < EXCERPT_LENGTH; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (value.length() > EXCERPT_LENGTH) {
      out.append("...");
    }
    return out.toString();
  }
}
