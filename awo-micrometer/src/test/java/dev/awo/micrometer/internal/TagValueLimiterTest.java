package dev.awo.micrometer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tag values")
class TagValueLimiterTest {

  @Test
  @DisplayName("pass until a key has its maximum of distinct values; later new values, and overlong ones, become 'other'")
  void bounded() {
    TagValueLimiter limiter = new TagValueLimiter(2);
    assertEquals("a", limiter.limit("step", "a"));
    assertEquals("b", limiter.limit("step", "b"));
    assertEquals("other", limiter.limit("step", "c"));
    assertEquals("a", limiter.limit("step", "a"));
    assertEquals("c", limiter.limit("agent", "c"), "each key has its own budget");
    assertEquals("other", limiter.limit("agent", "x".repeat(65)));
    assertEquals("none", limiter.limit("agent", null));
  }

  @Test
  @DisplayName("attempts are tagged 1 to 9, then 10+")
  void attempts() {
    assertEquals("1", TagValueLimiter.attempt(1));
    assertEquals("9", TagValueLimiter.attempt(9));
    assertEquals("10+", TagValueLimiter.attempt(10));
    assertEquals("10+", TagValueLimiter.attempt(1000));
  }
}
