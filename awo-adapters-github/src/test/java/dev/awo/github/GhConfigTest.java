package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GhConfig")
class GhConfigTest {

  @Test
  @DisplayName("defaults: gh on PATH, no token, github.com, 60 s")
  void defaults() {
    GhConfig config = GhConfig.builder().build();
    assertEquals("gh", config.ghPath());
    assertTrue(config.token().isEmpty());
    assertTrue(config.host().isEmpty());
    assertEquals(Duration.ofSeconds(60), config.timeout());
    assertTrue(config.configDir().isEmpty());
  }

  @Test
  @DisplayName("toString never shows the token")
  void toStringHidesToken() {
    String text = GhConfig.builder().token("ghp_secretsecretsecret1234").env("HTTP_PROXY", "http://p").build().toString();
    assertFalse(text.contains("ghp_secretsecretsecret1234"), text);
    assertTrue(text.contains("token=***"), text);
  }

  @Test
  @DisplayName("setters refuse bad values at once")
  void validates() {
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().ghPath(" "));
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().ghPath("--version"));
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().host("not a host"));
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().host("-evil.com"));
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().timeout(Duration.ZERO));
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().env("BAD=NAME", "x"));
    assertThrows(InvalidInputException.class, () -> GhConfig.builder().token("two words"));
    assertEquals("ghe.example.com:8443", GhConfig.builder().host("GHE.example.com:8443").build().host().orElseThrow());
    assertTrue(GhConfig.builder().token("").build().token().isEmpty());
  }
}
