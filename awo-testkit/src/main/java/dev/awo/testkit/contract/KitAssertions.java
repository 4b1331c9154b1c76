package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;

/**
 * Equality assertions whose failure message stays short whatever the values hold: it names the first
 * field that differs (e.g. {@code results[3].output}) and shows both values abbreviated, instead of
 * printing two megabyte-long snapshots in full.
 *
 * <pre>{@code
 * KitAssertions.assertSameValue(expectedHistory, repository.find(id).orElseThrow(), "the read history");
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class KitAssertions {
  /** The most characters of one value a failure message shows. */
  public static final int SHOWN_CHARACTERS = 120;

  private KitAssertions() {}

  /**
   * Fails unless {@code actual} equals {@code expected}; the message names the first difference
   * inside records and lists.
   *
   * @param what what {@code actual} is, for the message (e.g. "the history read back")
   */
  public static void assertSameValue(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      fail(what + " differs from what was saved at " + firstDifference("", expected, actual));
    }
  }

  /** {@code value} as text of at most {@value #SHOWN_CHARACTERS} characters, saying how long it was. */
  public static String abbreviate(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
    if (text.length() <= SHOWN_CHARACTERS) {
      return text;
    }
    return text.substring(0, SHOWN_CHARACTERS) + "… (" + text.length() + " characters)";
  }

  static String firstDifference(String path, Object expected, Object actual) {
    String here = path.isEmpty() ? "the top level" : path;
    if (expected == null || actual == null || expected.getClass() != actual.getClass()) {
      return here + ": expected " + abbreviate(expected) + " but was " + abbreviate(actual);
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
        if (!Objects.equals(e.get(i), a.get(i))) {
          return firstDifference(path + "[" + i + "]", e.get(i), a.get(i));
        }
      }
      return here + ": expected " + e.size() + " elements but was " + a.size();
    }
    if (expected instanceof String e && actual instanceof String a) {
      int at = 0;
      while (at < Math.min(e.length(), a.length()) && e.charAt(at) == a.charAt(at)) {
        at++;
      }
      return here + ": expected " + abbreviate(e) + " but was " + abbreviate(a) + " (first difference at character "
          + at + ")";
    }
    if (expected.getClass().isRecord()) {
      for (RecordComponent component : expected.getClass().getRecordComponents()) {
        Object e = read(component, expected);
        Object a = read(component, actual);
        if (!Objects.equals(e, a)) {
          return firstDifference(path.isEmpty() ? component.getName() : path + "." + component.getName(), e, a);
        }
      }
    }
    return here + ": expected " + abbreviate(expected) + " but was " + abbreviate(actual);
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return "<unreadable: " + e + ">";
    }
  }
}
