package dev.awo.spi.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Splits a stream into lines without ever holding more than {@code maxLineChars} of one line: the
 * rest of an over-long line is skipped and replaced by a marker saying how much was dropped.
 * Accepts {@code \n} and {@code \r\n} endings. Not thread-safe; one reader thread per stream.
 */
final class LineReader {
  private final Reader in;
  private final int maxLineChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;

  LineReader(InputStream stream, int maxLineChars) {
    this.in = new InputStreamReader(stream, StandardCharsets.UTF_8);
    this.maxLineChars = maxLineChars;
  }

  /** The next line without its ending, or null at end of stream. */
  String readLine() throws IOException {
    StringBuilder line = null;
    long dropped = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return line == null ? null : finish(line, dropped);
        }
      }
      if (line == null) {
        line = new StringBuilder(Math.min(256, maxLineChars));
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      int room = maxLineChars - line.length();
      if (chunk <= room) {
        line.append(buffer, start, chunk);
      } else {
        line.append(buffer, start, room);
        dropped += chunk - room;
      }
      if (position < limit) {
        position++; // the '\n'
        return finish(line, dropped);
      }
    }
  }

  private static String finish(StringBuilder line, long dropped) {
    int end = line.length();
    if (dropped == 0 && end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    if (dropped > 0) {
      line.append(" [line truncated: ").append(dropped).append(" more characters]");
    }
    return line.toString();
  }
}
