package dev.awo.micrometer.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps every tag key to a bounded set of values: the first {@code maxValues} distinct values of a
 * key pass, later new ones become {@value #OTHER}, as do values longer than
 * {@value #MAX_VALUE_LENGTH} characters. Names come from workflow definitions the host controls,
 * but one host generating workflows must not make a registry's memory grow without bound.
 *
 * <p>Not thread-safe: used by the recording thread only.
 */
public final class TagValueLimiter {
  /** What a value beyond the limit is recorded as. */
  public static final String OTHER = "other";
  static final int MAX_VALUE_LENGTH = 64;

  private final int maxValues;
  private final Map<String, Set<String>> seen = new HashMap<>();

  public TagValueLimiter(int maxValues) {
    this.maxValues = maxValues;
  }

  /** {@code value} if it may be a value of {@code key}, else {@value #OTHER}. */
  public String limit(String key, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      return value == null || value.isEmpty() ? "none" : OTHER;
    }
    Set<String> values = seen.computeIfAbsent(key, k -> new HashSet<>());
    if (values.contains(value)) {
      return value;
    }
    if (values.size() >= maxValues) {
      return OTHER;
    }
    values.add(value);
    return value;
  }

  /** The tag value of an attempt number: {@code 1} to {@code 9}, then {@code 10+}. */
  public static String attempt(int attempt) {
    return attempt < 10 ? Integer.toString(attempt) : "10+";
  }
}
