package dev.awo.git;

import dev.awo.domain.DiffStats;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a work order's progress as git sees it, taken by {@link GitSandbox#progress()}.
 *
 * <pre>{@code
 * GitProgress p = sandbox.progress();
 * log.info("{} commits on {}, phase {}", p.commitsSinceBase(), p.branch().orElse("(detached)"), p.phase());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param branchName the branch checked out, or {@code null} on a detached head (see {@link #branch()})
 * @param commitsSinceBase commits reachable from the head but not from the base commit
 * @param committedChanges what the commits since the base changed (see {@link GitDiffStats})
 * @param uncommittedChanges paths with uncommitted changes, untracked files included
 * @param latestCommitMessage the subject of the newest commit since the base; empty when there is none
 * @param phase the phase derived by {@link GitPhase#of}
 */
public record GitProgress(
    String branchName,
    int commitsSinceBase,
    DiffStats committedChanges,
    int uncommittedChanges,
    String latestCommitMessage,
    GitPhase phase) {

  public GitProgress {
    if (commitsSinceBase < 0 || uncommittedChanges < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
    Objects.requireNonNull(committedChanges, "committedChanges");
    latestCommitMessage = latestCommitMessage == null ? "" : latestCommitMessage;
    Objects.requireNonNull(phase, "phase");
  }

  /** The branch checked out, or empty on a detached head. */
  public Optional<String> branch() {
    return Optional.ofNullable(branchName);
  }

  /** Files changed by the commits since the base (binary files included). */
  public int filesChanged() {
    return committedChanges.filesChanged();
  }
}
