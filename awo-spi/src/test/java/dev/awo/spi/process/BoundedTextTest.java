package dev.awo.spi.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BoundedText")
class BoundedTextTest {

  @Test
  @DisplayName("text within the cap is kept whole, without a marker")
  void withinCap() {
    BoundedText text = new BoundedText(10);
    text.appendLine("abc");
    text.append("def");

    assertEquals("abc\ndef", text.toString());
    assertFalse(text.truncated());
  }

  @Test
  @DisplayName("text past the cap is cut at the cap and ends with a marker counting what was left out")
  void pastCap() {
    BoundedText text = new BoundedText(5);
    text.append("abc");
    text.append("defgh");
    text.appendLine("ij");

    assertEquals("abcde\n[output truncated: 6 more characters]", text.toString());
    assertTrue(text.truncated());
  }

  @Test
  @DisplayName("a cap of zero keeps nothing but still counts")
  void zeroCap() {
    BoundedText text = new BoundedText(0);
    text.append("abc");
    assertEquals("\n[output truncated: 3 more characters]", text.toString());
  }

  @Test
  @DisplayName("a negative cap behaves like zero")
  void negativeCap() {
    BoundedText text = new BoundedText(-5);
    text.append("ab");
    assertTrue(text.truncated());
    assertTrue(text.toString().endsWith("[output truncated: 2 more characters]"));
  }

  @Test
  @DisplayName("cap leaves short values and null as they are and cuts long ones with the marker")
  void cap() {
    String shortValue = "short";
    assertSame(shortValue, BoundedText.cap(shortValue, 5));
    assertNull(BoundedText.cap(null, 5));
    assertEquals("abc\n[output truncated: 3 more characters]", BoundedText.cap("abcdef", 3));
  }

  @Test
  @DisplayName("concurrent appends lose nothing: kept plus dropped equals everything appended")
  void concurrentAppends() throws Exception {
    BoundedText text = new BoundedText(1000);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          text.append("x");
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals("x".repeat(1000) + "\n[output truncated: 3000 more characters]", text.toString());
  }
}
