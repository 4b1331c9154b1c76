package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTextTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "OSC window title ended by BEL   | a\u001B]0;pwned\u0007hello",
      "OSC window title ended by ST    | a\u001B]2;pwned\u001B\\hello",
      "OSC 8 hyperlink                 | a\u001B]8;;http://evil.example\u001B\\hello\u001B]8;;\u001B\\",
      "clear screen and home           | a\u001B[2J\u001B[Hhello",
      "colour and cursor moves         | a\u001B[31;1mhel\u001B[10Dlo\u001B[0m",
      "8-bit CSI                       | a\u009B2Jhello",
      "8-bit OSC                       | a\u009D0;pwned\u009Chello",
      "DCS string                      | a\u001BPq#0;2;0;0;0\u001B\\hello",
      "two-character ESC (reset)       | a\u001Bchello",
      "carriage return overwriting     | abye\rhello",
      "backspace, bell, DEL            | ahel\u0008\u0007\u007Flo",
      "bidirectional override          | ahel\u202Elo",
      "unterminated OSC                | ahello\u001B]0;pwned",
  })
  @DisplayName("escape sequences and controls are removed, the text around them stays")
  void stripped(String what, String input) {
    // each input starts with "a": JUnit's CSV parser trims a leading control character as whitespace
    String expected = input.equals("abye\rhello") ? "abyehello" : "ahello";
    assertEquals(expected, TerminalText.line(input), what);
  }

  @Test
  @DisplayName("multi-line text keeps its newlines and tabs; line() folds them")
  void newlines() {
    assertEquals("one\n\ttwo\nthree", TerminalText.text("one\r\n\ttwo\u001B[2K\nthree"));
    assertEquals("one two three", TerminalText.line("one\n\ttwo\nthree"));
  }

  @Test
  @DisplayName("credential-shaped strings are redacted")
  void redacted() {
    assertEquals("token *** here", TerminalText.line("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here"));
  }

  @Test
  @DisplayName("null stays null, plain text is unchanged")
  void plain() {
    assertEquals(null, TerminalText.text(null));
    assertEquals("Grüße, 世界 — ok", TerminalText.line("Grüße, 世界 — ok"));
  }
}
