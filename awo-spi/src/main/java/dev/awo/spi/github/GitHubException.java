package dev.awo.spi.github;

import dev.awo.domain.AwoException;

/** A call to the repository host failed. Subclasses name the cases a caller can act on. */
public class GitHubException extends AwoException {
  private static final long serialVersionUID = 1L;

  public GitHubException(String message) {
    super(message);
  }

  public GitHubException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The repository, issue or pull request does not exist, or is not visible with these credentials. */
  public static class NotFound extends GitHubException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message);
    }
  }

  /** No usable credentials. */
  public static class NotAuthenticated extends GitHubException {
    private static final long serialVersionUID = 1L;

    public NotAuthenticated(String message) {
      super(message);
    }
  }

  /** The host's rate limit was reached. */
  public static class RateLimited extends GitHubException {
    private static final long serialVersionUID = 1L;

    public RateLimited(String message) {
      super(message);
    }
  }

  /** The client program (e.g. gh) is missing or cannot run. */
  public static class ClientUnavailable extends GitHubException {
    private static final long serialVersionUID = 1L;

    public ClientUnavailable(String message) {
      super(message);
    }

    public ClientUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
