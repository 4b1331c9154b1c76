package dev.awo.spi.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LineReader")
class LineReaderTest {

  private static List<String> lines(String text, int maxLineChars) throws IOException {
    return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLineChars);
  }

  private static List<String> lines(InputStream in, int maxLineChars) throws IOException {
    LineReader reader = new LineReader(in, maxLineChars);
    List<String> out = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      out.add(line);
    }
    assertNull(reader.readLine(), "stays at end of stream");
    return out;
  }

  @Test
  @DisplayName("splits on \\n and \\r\\n and keeps empty lines")
  void splitsLines() throws IOException {
    assertEquals(List.of("a", "b", "", "c"), lines("a\nb\r\n\nc\n", 100));
  }

  @Test
  @DisplayName("a last line without a line ending is still returned")
  void lastLineWithoutEnding() throws IOException {
    assertEquals(List.of("a", "tail"), lines("a\ntail", 100));
  }

  @Test
  @DisplayName("an empty stream has no lines")
  void emptyStream() throws IOException {
    assertEquals(List.of(), lines("", 100));
  }

  @Test
  @DisplayName("a lone \\r inside a line is kept")
  void loneCarriageReturn() throws IOException {
    assertEquals(List.of("progress 10%\rprogress 20%"), lines("progress 10%\rprogress 20%\n", 100));
  }

  @Test
  @DisplayName("a line of exactly the maximum is passed whole")
  void exactlyMax() throws IOException {
    assertEquals(List.of("abcde", "f"), lines("abcde\nf\n", 5));
  }

  @Test
  @DisplayName("an over-long line is cut at the maximum with a marker counting the dropped characters")
  void overLongLine() throws IOException {
    assertEquals(List.of("abcde [line truncated: 3 more characters]", "next"), lines("abcdefgh\nnext\n", 5));
  }

  @Test
  @DisplayName("lines longer than the internal buffer are joined correctly")
  void spansBuffers() throws IOException {
    String longLine = "y".repeat(20_000);
    assertEquals(List.of(longLine, "z"), lines(longLine + "\nz", 1 << 20));
  }

  @Test
  @DisplayName("multi-byte UTF-8 characters are decoded whole")
  void utf8() throws IOException {
    assertEquals(List.of("héllo ✓ 🤖", "ü"), lines("héllo ✓ 🤖\nü\n", 100));
  }

  @Test
  @DisplayName("a 200 MB line is read in bounded memory: only the maximum is kept and the rest counted")
  void hugeLineBoundedMemory() throws IOException {
    long size = 200L * 1024 * 1024;
    InputStream endless = new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 'a' : (left == -1 ? '\n' : -1);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return left-- == 0 ? terminate(b, off) : -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'a');
        left -= n;
        return n;
      }

      private int terminate(byte[] b, int off) {
        b[off] = '\n';
        return 1;
      }
    };
    List<String> lines = lines(endless, 1000);
    assertEquals(1, lines.size());
    assertEquals("a".repeat(1000) + " [line truncated: " + (size - 1000) + " more characters]", lines.get(0));
  }
}
