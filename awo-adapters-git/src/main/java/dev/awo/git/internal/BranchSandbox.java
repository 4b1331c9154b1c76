package dev.awo.git.internal;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitRepositoryUrl;
import java.nio.file.Files;
import java.nio.file.Path;

/** A full clone in a directory of its own. Thread-safe (see {@link AbstractGitSandbox}). */
final class BranchSandbox extends AbstractGitSandbox {
  private final Path ownerFile;

  BranchSandbox(Git git, WorkOrderId id, Path directory, Path ownerFile, String baseCommit, GitRepositoryUrl url) {
    super(git, id, directory, baseCommit, url);
    this.ownerFile = ownerFile;
  }

  @Override
  public SandboxType type() {
    return SandboxType.GIT_BRANCH;
  }

  @Override
  protected void removeEverything() {
    try {
      Directories.deleteRecursively(workingDirectory());
      Files.deleteIfExists(ownerFile);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new dev.awo.spi.sandbox.SandboxException(
          "could not remove the branch sandbox " + workingDirectory() + ": " + e.getMessage(), e);
    }
  }
}
