package dev.awo.examples;

import dev.awo.spi.process.Redactor;
import java.util.regex.Pattern;

/**
 * Makes text from clients, agents and dependencies safe to print on the operator's terminal:
 * escape sequences (CSI such as clear-screen, OSC such as set-window-title, DCS/SOS/PM/APC
 * strings, two-character ESC sequences, and their 8-bit C1 forms) are removed, then every other
 * C0/C1 control character and DEL, and the bidirectional overrides that make text read otherwise
 * than it is; credential-shaped strings are redacted ({@link Redactor#patternsOnly()}). Newlines
 * and tabs stay in {@link #text(String)}; {@link #line(String)} folds the text onto one line.
 * Stateless and thread-safe.
 */
final class TerminalText {
  private static final Pattern SEQUENCES = Pattern.compile(String.join("|",
      "(?:\\x1B\\[|\\x{9B})[0-?]*[ -/]*[@-~]?",                        // CSI ... final byte
      "(?:\\x1B\\]|\\x{9D})[^\\x07\\x1B\\x{9C}]*(?:\\x07|\\x1B\\\\|\\x{9C})?", // OSC ... BEL or ST
      "(?:\\x1B[PX^_]|[\\x{90}\\x{98}\\x{9E}\\x{9F}])[^\\x1B\\x{9C}]*(?:\\x1B\\\\|\\x{9C})?", // DCS, SOS, PM, APC
      "\\x1B[ -/]*[0-~]?"));                                           // other ESC sequences, a lone ESC
  private static final Pattern CONTROLS =
      Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x{9F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");
  private static final Redactor REDACTOR = Redactor.patternsOnly();

  private TerminalText() {}

  /** {@code text} without escape sequences and controls (newlines and tabs kept), redacted; null stays null. */
  static String text(String text) {
    if (text == null) {
      return null;
    }
    String normalized = text.replace("\r\n", "\n");
    return REDACTOR.redact(CONTROLS.matcher(SEQUENCES.matcher(normalized).replaceAll("")).replaceAll(""));
  }

  /** Like {@link #text(String)}, on one line: line breaks and tabs become single spaces. */
  static String line(String text) {
    String clean = text(text);
    return clean == null ? null : clean.strip().replaceAll("\\s*[\\n\\t]\\s*", " ");
  }
}
