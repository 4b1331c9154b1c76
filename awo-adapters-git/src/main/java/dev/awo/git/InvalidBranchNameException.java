package dev.awo.git;

import dev.awo.domain.InvalidInputException;

/**
 * A branch name that {@code git check-ref-format --branch} would refuse, or that git could read as
 * an option. Thrown before any process runs.
 */
public class InvalidBranchNameException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidBranchNameException(String problem) {
    super("branch", problem);
  }
}
