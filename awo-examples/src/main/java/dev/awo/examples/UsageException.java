package dev.awo.examples;

import dev.awo.domain.AwoException;

/** A command line the runner cannot use; the message says what is wrong in one line. Exit code 2. */
public final class UsageException extends AwoException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
