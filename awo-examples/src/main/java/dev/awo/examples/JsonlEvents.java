package dev.awo.examples;

import dev.awo.http.EventJson;
import dev.awo.http.JsonRedaction;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints every listener event as one JSON object on one line (see {@link EventJson} for the
 * fields): what {@code --events jsonl} shows, for scripts and tests to read. Credential-shaped
 * strings are redacted, and the characters a terminal could act on that JSON leaves raw (DEL, the
 * C1 controls, bidirectional overrides, line and paragraph separators) are written as <code>&#92;uXXXX</code>
 * escapes, so the lines are safe to watch on a terminal.
 *
 * <p>This class is thread-safe: lines of concurrent work orders never interleave.
 */
final class JsonlEvents implements WorkOrderListener {
  private static final Pattern UNESCAPED_CONTROLS = Pattern.compile("[\\x7F-\\x{9F}\\x{2028}\\x{2029}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");
  private final PrintStream out;

  JsonlEvents(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEvent(WorkOrderEvent event) {
    String line = escapeTerminalControls(JsonRedaction.redacted(EventJson.of(event)).toString());
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** JSON text with the characters above escaped; they can only occur inside strings, where &#92;uXXXX means the same. */
  static String escapeTerminalControls(String json) {
    return UNESCAPED_CONTROLS.matcher(json).replaceAll(m -> Matcher.quoteReplacement(
        String.format("\\u%04X", (int) m.group().charAt(0))));
  }
}
