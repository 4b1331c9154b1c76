package dev.awo.git;

import dev.awo.domain.InvalidInputException;

/**
 * A repository URL that awo refuses to hand to git: an unsupported or dangerous transport ({@code
 * ext::}, {@code fd::}), something that git could read as an option, control characters, or
 * credentials where they are not allowed. Thrown before any process runs. The message never holds
 * the credentials themselves.
 */
public class UnsafeRepositoryUrlException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public UnsafeRepositoryUrlException(String problem) {
    super("repositoryUrl", problem);
  }
}
