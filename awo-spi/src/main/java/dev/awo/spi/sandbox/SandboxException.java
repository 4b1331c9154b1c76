package dev.awo.spi.sandbox;

import dev.awo.domain.AwoException;

/** A sandbox could not be set up, queried or cleaned up; the message says why. */
public class SandboxException extends AwoException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
