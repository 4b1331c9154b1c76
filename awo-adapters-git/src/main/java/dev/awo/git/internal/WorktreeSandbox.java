package dev.awo.git.internal;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitRepositoryUrl;

/**
 * A worktree of a shared mirror. Pushes and cleanup hold the mirror's lock, since both touch the
 * mirror's refs. Thread-safe (see {@link AbstractGitSandbox}).
 */
final class WorktreeSandbox extends AbstractGitSandbox {
  private final WorktreeSandboxes owner;

  WorktreeSandbox(Git git, WorkOrderId id, java.nio.file.Path directory, String baseCommit, GitRepositoryUrl url,
      WorktreeSandboxes owner) {
    super(git, id, directory, baseCommit, url);
    this.owner = owner;
  }

  @Override
  public SandboxType type() {
    return SandboxType.GIT_WORKTREE;
  }

  @Override
  protected void guardPush(Runnable push) {
    owner.underLock(repository(), push);
  }

  @Override
  protected void removeEverything() {
    owner.remove(repository(), workingDirectory());
  }
}
