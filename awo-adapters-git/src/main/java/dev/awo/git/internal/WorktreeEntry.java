package dev.awo.git.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One block of {@code git worktree list --porcelain}. Immutable and thread-safe.
 *
 * @param path the worktree's directory
 * @param bare the main (bare) repository itself
 * @param locked whether the worktree is locked
 * @param reason the lock reason, empty when none was given
 * @param branchName the branch checked out ({@code refs/heads/} removed), or null when detached
 */
record WorktreeEntry(Path path, boolean bare, boolean locked, String reason, String branchName) {

  static List<WorktreeEntry> parse(String porcelain) {
    List<WorktreeEntry> entries = new ArrayList<>();
    Path path = null;
    boolean bare = false;
    boolean locked = false;
    String reason = "";
    String branch = null;
    for (String line : (porcelain + "\n\n").split("\n", -1)) {
      if (line.isEmpty()) {
        if (path != null) {
          entries.add(new WorktreeEntry(path, bare, locked, reason, branch));
        }
        path = null;
        bare = false;
        locked = false;
        reason = "";
        branch = null;
      } else if (line.startsWith("worktree ")) {
        path = Path.of(line.substring("worktree ".length()));
      } else if (line.equals("bare")) {
        bare = true;
      } else if (line.equals("locked") || line.startsWith("locked ")) {
        locked = true;
        reason = line.length() > "locked ".length() ? line.substring("locked ".length()) : "";
      } else if (line.startsWith("branch refs/heads/")) {
        branch = line.substring("branch refs/heads/".length());
      }
    }
    return entries;
  }

  Optional<String> branch() {
    return Optional.ofNullable(branchName);
  }

  Optional<String> lockReason() {
    return locked ? Optional.of(reason) : Optional.empty();
  }

  /** Locked with the owner marker of a process that is gone: a sandbox a crash left, which recovery may re-attach. */
  boolean ownedByDeadProcess() {
    return locked && !reason.equals("initializing") && OwnerMarker.parse(reason).map(owner -> !owner.isAlive()).orElse(false);
  }

  /** Not locked, locked by an interrupted {@code worktree add}, or locked by a process that is gone. */
  boolean isStale() {
    if (!locked || reason.equals("initializing")) {
      return true;
    }
    return OwnerMarker.parse(reason).map(owner -> !owner.isAlive()).orElse(false);
  }
}
