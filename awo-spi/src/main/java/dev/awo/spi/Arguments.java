package dev.awo.spi;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;

/**
 * The library's one convention for null and bad arguments, for its own value types and for
 * adapter authors alike: a missing or bad argument throws {@link InvalidInputException} naming the
 * field and the problem, with a message a person can act on; a valid one is returned, so checks
 * read as assignments.
 *
 * <pre>{@code
 * public record MyConfig(String endpoint, Duration timeout) {
 *   public MyConfig {
 *     requireText(endpoint, "endpoint");
 *     requirePositive(timeout, "timeout");
 *   }
 * }
 * }</pre>
 *
 * <p>This class is thread-safe (stateless).
 *
 * @since 0.1.0
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

  /** Returns {@code value} if it is not null, else throws naming {@code field}. */
  public static <T> T requirePresent(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    return value;
  }

  /** Returns {@code value} if it is present and not negative (zero is fine). */
  public static Duration requireNonNegative(Duration value, String field) {
    requirePresent(value, field);
    if (value.isNegative()) {
      throw new InvalidInputException(field, "must not be negative, got " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is present and longer than zero. */
  public static Duration requirePositive(Duration value, String field) {
    requirePresent(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidInputException(field, "must be positive, got " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is 1 or more. */
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
