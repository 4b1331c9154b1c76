package dev.awo.spi.process;

import dev.awo.domain.AwoException;

/** A program could not be started because it is missing or not executable. */
public class ExecutableNotFoundException extends AwoException {
  private static final long serialVersionUID = 1L;
  private final String executable;

  public ExecutableNotFoundException(String executable, String message, Throwable cause) {
    super(message, cause);
    this.executable = executable;
  }

  /** The program as it was named in the command. */
  public String executable() {
    return executable;
  }
}
