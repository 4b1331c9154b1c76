package dev.awo.spi.sandbox;

import static dev.awo.spi.Arguments.requirePresent;

/**
 * A sandbox taken up after a crash by {@link SandboxFactory#recover}, and how. Immutable.
 *
 * @param sandbox the sandbox, now owned by this process
 * @param how whether the old sandbox was re-attached or a new one made from the pushed branch
 * @param baseBranch the branch the work started from (for a pull request's base), or empty when it
 *     is not known
 */
public record RecoveredSandbox(Sandbox sandbox, How how, String baseBranch) {
  /** How a sandbox was recovered. */
  public enum How {
    /** The sandbox the dead process left, still there and at the recorded commit, taken over. */
    REATTACHED,
    /** A new sandbox, checked out at the work order's branch as the repository has it. */
    RECREATED
  }

  public RecoveredSandbox {
    requirePresent(sandbox, "sandbox");
    requirePresent(how, "how");
    baseBranch = baseBranch == null ? "" : baseBranch;
  }
}
