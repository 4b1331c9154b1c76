package dev.awo.domain;

/**
 * The root of every exception awo throws on purpose. It is unchecked: callers catch the specific
 * subclasses they can act on ({@link InvalidInputException}, {@link UnknownWorkOrderException}, ...).
 *
 * <p>Messages are written for a person: they say what was wrong and what to do about it, and they
 * never contain secrets.
 */
public class AwoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AwoException(String message) {
    super(message);
  }

  public AwoException(String message, Throwable cause) {
    super(message, cause);
  }
}
