package dev.awo.git;

import dev.awo.spi.sandbox.SandboxException;

/**
 * A repository cannot be used: it does not exist, is not a git repository, refuses the credentials
 * or cannot be reached. Thrown by {@link GitSandboxFactory#checkReachable(String)}; {@link
 * #reason()} says which, so a caller can tell the user what to change.
 */
public class RepositoryUnreachableException extends SandboxException {
  private static final long serialVersionUID = 1L;

  /** Why the repository cannot be used. */
  public enum Reason {
    /** A local path that does not exist, or a remote that says there is no such repository. */
    NOT_FOUND,
    /** The remote wants credentials and none given were accepted. */
    AUTHENTICATION_REQUIRED,
    /** Anything else: network, DNS, TLS, a host key not in known_hosts, a timeout. */
    UNREACHABLE
  }

  private final Reason reason;

  public RepositoryUnreachableException(Reason reason, String message) {
    super(message);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /** Why the repository cannot be used. */
  public Reason reason() {
    return reason;
  }
}
