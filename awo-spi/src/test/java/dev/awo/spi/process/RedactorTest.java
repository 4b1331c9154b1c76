package dev.awo.spi.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Redactor")
class RedactorTest {

  @Test
  @DisplayName("literal secrets are replaced wherever they appear")
  void literals() {
    Redactor redactor = Redactor.of(List.of("hunter22", "s3cr3t-value"));
    assertEquals("pw=*** and *** and ***", redactor.redact("pw=hunter22 and s3cr3t-value and hunter22"));
  }

  @Test
  @DisplayName("a longer secret containing a shorter one is replaced whole")
  void longestFirst() {
    Redactor redactor = Redactor.of(List.of("abcd", "abcdefgh"));
    assertEquals("x *** y", redactor.redact("x abcdefgh y"));
  }

  @Test
  @DisplayName("values shorter than 4 characters and nulls are not treated as secrets")
  void shortValuesIgnored() {
    Redactor redactor = Redactor.of(java.util.Arrays.asList("abc", null, ""));
    assertEquals("abc abc", redactor.redact("abc abc"));
  }

  @ParameterizedTest
  @DisplayName("well-known token shapes are redacted without being told")
  @ValueSource(strings = {
      "sk-ant-api03-AbCdEf012345_-xyz",
      "ghp_abcdefghijklmnopqrstuvwxyz0123",
      "gho_abcdefghijklmnop1234",
      "ghs_abcdefghijklmnop1234",
      "ghu_abcdefghijklmnop1234",
      "ghr_abcdefghijklmnop1234",
      "github_pat_11ABCDEFG0123456789_abcdefghijkl",
  })
  void tokenShapes(String token) {
    String out = Redactor.patternsOnly().redact("token: " + token + " end");
    assertFalse(out.contains(token), out);
    assertEquals("token: *** end", out);
  }

  @ParameterizedTest
  @DisplayName("AWS keys and bearer tokens are redacted without being told, and their context kept")
  @ValueSource(strings = {
      "AKIAIOSFODNN7EXAMPLE|key AKIAIOSFODNN7EXAMPLE here|key *** here",
      "ASIAY34FZKBOKMUTVV7A|key ASIAY34FZKBOKMUTVV7A|key ***",
      "eyJhbGciOiJIUzI1NiJ9.e30.abc|Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc|Authorization: Bearer ***",
      "abcdefghijklmnop0123|authorization: bearer abcdefghijklmnop0123|authorization: bearer ***",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
          + "|AWS_SECRET_ACCESS_KEY=***",
  })
  void cloudKeysAndBearerTokens(String example) {
    String[] parts = example.split("\\|");
    String out = Redactor.patternsOnly().redact(parts[1]);
    assertFalse(out.contains(parts[0]), out);
    assertEquals(parts[2], out);
  }

  @Test
  @DisplayName("words that only look a little like keys are left alone")
  void nearMissesKept() {
    Redactor r = Redactor.patternsOnly();
    assertEquals("the bearer of bad news", r.redact("the bearer of bad news"));
    assertEquals("AKIA is short", r.redact("AKIA is short"));
  }

  @Test
  @DisplayName("passwords in URLs are redacted, and long bare user parts (tokens) too")
  void urlCredentials() {
    Redactor r = Redactor.patternsOnly();
    assertEquals("fetch https://***@github.com/acme/w.git", r.redact("fetch https://user:pa55word@github.com/acme/w.git"));
    assertEquals("https://***@github.com/x", r.redact("https://x-access-token:@github.com/x"));
    assertEquals("https://***@github.com/x", r.redact("https://abcdefghijklmnop0123@github.com/x"));
    assertEquals("ssh://git@github.com/acme/w.git", r.redact("ssh://git@github.com/acme/w.git"));
    assertEquals("mail me@example.com", r.redact("mail me@example.com"));
  }

  @Test
  @DisplayName("null and empty text come back as they are")
  void nullAndEmpty() {
    assertNull(Redactor.patternsOnly().redact(null));
    assertEquals("", Redactor.of(List.of("abcd")).redact(""));
  }

  @ParameterizedTest
  @DisplayName("variable names that say secret are recognised")
  @ValueSource(strings = {"GH_TOKEN", "GITHUB_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "DB_PASSWORD",
      "MY_SECRET", "AWS_SECRET_ACCESS_KEY", "gh_token", "NPM_AUTH"})
  void secretNames(String name) {
    assertTrue(Redactor.looksSecret(name));
  }

  @ParameterizedTest
  @DisplayName("ordinary variable names are not")
  @ValueSource(strings = {"PATH", "HOME", "GH_HOST", "LANG", "NO_COLOR", "HTTP_PROXY"})
  void ordinaryNames(String name) {
    assertFalse(Redactor.looksSecret(name));
  }

  @Test
  @DisplayName("git's author and committer identity variables are not secrets")
  void authorIsNotSecret() {
    assertFalse(Redactor.looksSecret("GIT_AUTHOR_NAME"));
    assertFalse(Redactor.looksSecret("GIT_AUTHOR_EMAIL"));
    assertTrue(Redactor.looksSecret("GH_AUTH"));
    assertTrue(Redactor.looksSecret("AUTHORIZATION"));
  }

  @Test
  @DisplayName("secretValues picks the values of secret-named variables and skips nulls")
  void secretValues() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GH_TOKEN", "tok-1234");
    env.put("PATH", "/usr/bin");
    env.put("ANTHROPIC_API_KEY", null);
    assertEquals(List.of("tok-1234"), Redactor.secretValues(env));
  }

  @Test
  @DisplayName("with adds secrets and keeps the earlier ones")
  void with() {
    Redactor r = Redactor.of(List.of("first-secret")).with(List.of("second-secret"));
    assertEquals("*** ***", r.redact("first-secret second-secret"));
  }
}
