package dev.awo.git;

import dev.awo.domain.InvalidInputException;

/** A path that would resolve outside the sandbox base directory. Thrown before anything is created. */
public class UnsafePathException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public UnsafePathException(String problem) {
    super("path", problem);
  }
}
