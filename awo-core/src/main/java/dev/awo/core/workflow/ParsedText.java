package dev.awo.core.workflow;

/**
 * A definition text kept with its parsed form: equal to another of the same kind with the same
 * text, printed as its text. Immutable and thread-safe when the subclass is.
 */
abstract class ParsedText {
  private final String text;

  ParsedText(String text) {
    this.text = text;
  }

  /** The text as written. */
  public final String text() {
    return text;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && ((ParsedText) other).text.equals(text);
  }

  @Override
  public final int hashCode() {
    return text.hashCode();
  }

  @Override
  public final String toString() {
    return text;
  }
}
