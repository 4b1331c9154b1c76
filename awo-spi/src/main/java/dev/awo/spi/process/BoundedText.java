package dev.awo.spi.process;

/**
 * Accumulates text up to a cap; past it counts what was left out and ends with a visible marker.
 * Thread-safe (a reader thread appends while the runner may read).
 */
public final class BoundedText {
  private final int maxChars;
  private final StringBuilder text = new StringBuilder();
  private long droppedChars;

  public BoundedText(int maxChars) {
    this.maxChars = Math.max(0, maxChars);
  }

  /** Appends {@code line} and a newline, as far as the cap allows. */
  public synchronized void appendLine(String line) {
    append(line);
    append("\n");
  }

  public synchronized void append(String chunk) {
    int room = maxChars - text.length();
    if (room >= chunk.length()) {
      text.append(chunk);
    } else {
      if (room > 0) {
        text.append(chunk, 0, room);
      }
      droppedChars += chunk.length() - Math.max(room, 0);
    }
  }

  public synchronized boolean truncated() {
    return droppedChars > 0;
  }

  /** The kept text, with a truncation marker when anything was left out. */
  @Override
  public synchronized String toString() {
    return droppedChars == 0 ? text.toString()
        : text + "\n[output truncated: " + droppedChars + " more characters]";
  }

  /** Caps {@code value} at {@code maxChars} with the same marker; null stays null. */
  public static String cap(String value, int maxChars) {
    if (value == null || value.length() <= maxChars) {
      return value;
    }
    BoundedText bounded = new BoundedText(maxChars);
    bounded.append(value);
    return bounded.toString();
  }
}
