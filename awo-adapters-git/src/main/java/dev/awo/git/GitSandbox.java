package dev.awo.git;

import dev.awo.domain.SandboxType;
import dev.awo.spi.sandbox.Sandbox;

/**
 * A {@link Sandbox} backed by git: a full clone ({@link SandboxType#GIT_BRANCH}) or a worktree of a
 * shared mirror ({@link SandboxType#GIT_WORKTREE}). Adds a progress snapshot to the port.
 *
 * <pre>{@code
 * GitSandbox sandbox = factory.create(request);
 * try {
 *   agent.run(sandbox.workingDirectory());
 *   GitProgress progress = sandbox.progress();
 *   DiffStats stats = sandbox.diffStats();
 * } finally {
 *   sandbox.cleanUp();
 * }
 * }</pre>
 *
 * <p>Thread-safe: queries may run from any thread, and {@link #cleanUp()} from a cancelling thread
 * while the work order's thread is querying; {@code cleanUp} is idempotent.
 */
public interface GitSandbox extends Sandbox {

  /** Which kind of sandbox this is. */
  SandboxType type();

  /** The repository the sandbox came from, where {@link #pushBranch} pushes. */
  GitRepositoryUrl repository();

  /** Branch, commits since the base, files changed, latest commit message and phase, read now. */
  GitProgress progress();
}
