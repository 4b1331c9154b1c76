package dev.awo.spi.sandbox;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.InvalidInputException;

/**
 * What a {@link SandboxFactory} needs to take up the sandbox of a work order whose orchestrator
 * died: the original request, and what the last saved step recorded about it. Immutable.
 *
 * <pre>{@code
 * Optional<RecoveredSandbox> found = factory.recover(new SandboxRecovery(request, baseCommit, head, "feat-12-flag"));
 * }</pre>
 *
 * @param request the work order, repository and sandbox type, as when the sandbox was created
 * @param baseCommit the commit the sandbox was set up at, or {@code null} when it was not recorded
 * @param expectedHead the commit checked out when the last step ended, or {@code null} when no step
 *     recorded one (then any head is accepted)
 * @param branch the work order's branch, which may have been pushed to the repository, or {@code
 *     null} when it has none yet
 * @param stepInFlight whether a step was running at the crash: it may have committed before it was
 *     cut short, so a head that descends from {@code expectedHead} is consistent too (the step is
 *     run again on top of what it did); without one, only {@code expectedHead} itself is
 */
public record SandboxRecovery(SandboxRequest request, String baseCommit, String expectedHead, String branch,
    boolean stepInFlight) {
  public SandboxRecovery {
    requirePresent(request, "request");
    checkCommit(baseCommit, "baseCommit");
    checkCommit(expectedHead, "expectedHead");
    if (branch != null && branch.isBlank()) {
      branch = null;
    }
  }

  private static void checkCommit(String commit, String field) {
    if (commit != null && !commit.matches("[0-9a-f]{4,64}")) {
      throw new InvalidInputException(field, "must be a hexadecimal commit id, got '"
          + dev.awo.spi.Arguments.excerpt(commit) + "'");
    }
  }

  /** A recovery with no step in flight at the crash. */
  public SandboxRecovery(SandboxRequest request, String baseCommit, String expectedHead, String branch) {
    this(request, baseCommit, expectedHead, branch, false);
  }

  /**
   * Whether {@code head} is what the last step left, or no step recorded a head. A factory that can
   * tell ancestry (git can) also accepts, when {@link #stepInFlight()}, a head descending from
   * {@link #expectedHead()}.
   */
  public boolean consistentWith(String head) {
    return expectedHead == null || expectedHead.equals(head);
  }
}
