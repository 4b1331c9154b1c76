package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenTest {
  @Test
  @DisplayName("a random token is new each time, URL-safe, and long")
  void random() {
    AccessToken a = AccessToken.random();
    AccessToken b = AccessToken.random();
    assertNotEquals(a.value(), b.value());
    assertTrue(a.value().matches("[A-Za-z0-9_-]{43}"), a.value());
  }

  @Test
  @DisplayName("matches only the same value; toString never shows it")
  void matchesAndHides() {
    AccessToken token = AccessToken.of("abcdefghijklmnop-123");
    assertTrue(token.matches("abcdefghijklmnop-123"));
    assertFalse(token.matches("abcdefghijklmnop-124"));
    assertFalse(token.matches("abcdefghijklmnop-1234"));
    assertFalse(token.matches(null));
    assertEquals("AccessToken[***]", token.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "short", "has space in it xxxxxx", "quote\"inside-xxxxxxxxx", "ünïcödé-xxxxxxxxxxxxx"})
  @DisplayName("a token too short or with characters unsafe in a header or URL is refused, naming the token")
  void refused(String value) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> AccessToken.of(value));
    assertEquals("token", e.field());
  }
}
