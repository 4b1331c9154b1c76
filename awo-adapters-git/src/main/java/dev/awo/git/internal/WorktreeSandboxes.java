package dev.awo.git.internal;

import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitBranchName;
import dev.awo.git.GitRepositoryUrl;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxRecovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up worktree sandboxes from one shared bare mirror per repository.
 *
 * <p>The mirror ({@code base/mirrors/<key>.git}) is a bare repository whose {@code origin} is the
 * repository URL, fetching {@code +refs/heads/*:refs/remotes/origin/*}: remote branches never touch
 * {@code refs/heads}, which belong to the work orders' own branches. The first work order creates it,
 * later ones fetch. The default branch is asked of the remote ({@code ls-remote --symref origin
 * HEAD}) every time, never assumed. Each work order gets {@code git worktree add --detach --lock
 * --reason <owner>} at the tip of that branch; the agent creates its work branch there.
 *
 * <p>Everything that touches the mirror runs under {@link MirrorLock} (threads and processes).
 *
 * <p><b>Stale worktrees</b>: every live awo worktree is locked with its creator's {@link
 * OwnerMarker}. Under the mirror lock, at every {@link #create} and in {@link #reclaimStale}, a
 * worktree under {@code base/worktrees} is stale when it is not locked, is locked with git's own
 * {@code initializing} reason (an interrupted {@code worktree add}) or with the marker of a process
 * that no longer runs. A work order's worktree a dead process left is not reclaimed by {@link
 * #create}, only by {@link #reclaimStale} when its work order is over: another JVM or worker on the
 * same disk may still take it over (re-attach it). A stale worktree is removed ({@code worktree remove --force --force}), its
 * directory deleted, the branch it had checked out deleted from the mirror, and {@code worktree
 * prune} drops administrative entries whose directory is gone. Worktrees of running processes are
 * never touched. Warm worktrees waiting in {@code base/pool} follow the same rule.
 *
 * <p><b>Warm worktrees</b> ({@link WarmWorktreePool}, {@code warmWorktrees > 0}): after the fetch,
 * a ready warm worktree is claimed, brought to the default tip and moved to the work order's path;
 * when none is ready (or one fails a check) the sandbox is made with {@code worktree add} as above.
 * Either way the result is the same: detached at the default tip, locked with this process's owner
 * marker, cleaned up the same way. Every successful {@link #create} schedules a refill. Thread-safe.
 */
public final class WorktreeSandboxes {
  private static final Logger LOG = LoggerFactory.getLogger(WorktreeSandboxes.class);
  private static final String FETCH_REFSPEC = "+refs/heads/*:refs/remotes/origin/*";
  private final Git git;
  private final SandboxLayout layout;
  private final WarmWorktreePool pool;

  /** Without warm worktrees. */
  public WorktreeSandboxes(Git git, SandboxLayout layout) {
    this(git, layout, 0);
  }

  /** With up to {@code warmWorktrees} warm worktrees per mirror (0 disables them). */
  public WorktreeSandboxes(Git git, SandboxLayout layout, int warmWorktrees) {
    if (warmWorktrees < 0) {
      throw new IllegalArgumentException("warmWorktrees must not be negative");
    }
    this.git = git;
    this.layout = layout;
    this.pool = new WarmWorktreePool(git, layout, warmWorktrees,
        (mirror, worktree) -> removeWorktree(mirror, worktree, List.of()));
  }

  /** How many sandboxes were made from a warm worktree. */
  public long takenFromPool() {
    return pool.taken();
  }

  /** How many warm worktrees failed a check when claimed and were removed. */
  public long discardedFromPool() {
    return pool.discarded();
  }

  /** Waits until the warm worktrees have no background work queued or running. */
  public boolean awaitPool(java.time.Duration timeout) throws InterruptedException {
    return pool.awaitIdle(timeout);
  }

  /** Stops making warm worktrees and removes this instance's; sandboxes keep working. */
  public void closePool() {
    pool.close();
  }

  public dev.awo.git.GitSandbox create(WorkOrderId id, GitRepositoryUrl url) {
    return create(id, url, true);
  }

  /**
   * {@code reclaim}: whether to reclaim the mirror's stale worktrees first; not while recovery is
   * re-creating one (others of dead owners may still be waiting to be re-attached).
   */
  private dev.awo.git.GitSandbox create(WorkOrderId id, GitRepositoryUrl url, boolean reclaim) {
    Path worktree = layout.worktreeSandbox(id);
    Path mirror = layout.mirror(url);
    List<String> secrets = url.secrets();
    try (MirrorLock.Held held = lock(layout.lockFile(url))) {
      boolean newMirror = false;
      boolean addAttempted = false;
      try {
        Files.createDirectories(layout.worktreeDirectory());
        if (!Files.isRegularFile(mirror.resolve("config"))) {
          createMirror(mirror, url);
          newMirror = true;
        } else if (reclaim) {
          reclaimStale(mirror, leftByACrash -> true); // those are for recover, then reclaimStale(stillNeeded)
        }
        if (Files.exists(worktree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw new SandboxException("a worktree sandbox for " + id + " already exists at " + worktree
              + " and its owner process is still running; clean it up before creating another");
        }
        git.output(mirror, secrets, "fetch", "--quiet", "--prune", "origin");
        GitBranchName defaultBranch = defaultBranch(mirror, url);
        String base = git.firstLine(mirror, secrets, "rev-parse", "--verify", "--quiet",
                "refs/remotes/origin/" + defaultBranch.value() + "^{commit}")
            .orElseThrow(() -> new SandboxException("the default branch '" + defaultBranch + "' of "
                + url.redacted() + " was not fetched"));
        addAttempted = true;
        boolean fromPool = pool.claim(mirror, base, worktree, secrets);
        if (!fromPool) {
          git.output(mirror, secrets, "worktree", "add", "--quiet", "--detach", "--lock",
              "--reason", OwnerMarker.current().toString(), "--", worktree.toString(), base);
        }
        pool.replenish(url, mirror, base);
        LOG.atInfo().setMessage("sandbox_created")
            .addKeyValue("work_order_id", id.value())
            .addKeyValue("sandbox_type", "git_worktree")
            .addKeyValue("repository", url.redacted())
            .addKeyValue("default_branch", defaultBranch.value())
            .addKeyValue("base_commit", base)
            .addKeyValue("mirror_created", newMirror)
            .addKeyValue("from_pool", fromPool)
            .log();
        return new WorktreeSandbox(git, id, worktree, base, url, this);
      } catch (IOException | RuntimeException e) {
        if (addAttempted) {
          removeWorktree(mirror, worktree, secrets);
        }
        if (newMirror) {
          Directories.deleteRecursively(mirror);
        }
        RuntimeException cause = e instanceof IOException
            ? new SandboxException(e.getMessage(), e) : (RuntimeException) e;
        throw Failures.setUp("worktree", id, url, cause);
      }
    }
  }

  /**
   * Takes up the worktree sandbox a dead process left for {@code id}, under the mirror lock:
   * re-attached when the worktree is there, consistent with {@code recovery} and not locked by
   * another live process (its lock is renewed with this process's marker); else removed (with the
   * branch it had checked out) and, when the work order's branch was pushed, made again and checked
   * out at it, if that is at the recorded head. Empty when neither works.
   *
   * @throws SandboxException when another running process owns the worktree
   */
  public Optional<RecoveredSandbox> recover(WorkOrderId id, GitRepositoryUrl url, SandboxRecovery recovery) {
    Path worktree = layout.worktreeSandbox(id);
    Path mirror = layout.mirror(url);
    List<String> secrets = url.secrets();
    try (MirrorLock.Held held = lock(layout.lockFile(url))) {
      if (Files.isRegularFile(mirror.resolve("config")) && Files.exists(worktree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Optional<WorktreeEntry> entry = entryOf(mirror, worktree);
        Optional<OwnerMarker> owner = entry.flatMap(WorktreeEntry::lockReason).flatMap(OwnerMarker::parse);
        if (owner.isPresent() && owner.get().isAlive() && !owner.get().isCurrent()) {
          throw new SandboxException("the worktree sandbox of " + id + " at " + worktree
              + " belongs to a running process (" + owner.get() + "); it is not taken over");
        }
        Optional<String> head = entry.isPresent() ? git.head(worktree, secrets) : Optional.empty();
        if (head.isPresent() && git.consistent(worktree, secrets, recovery, head.get())) {
          if (entry.get().locked()) {
            git.run(mirror, secrets, "worktree", "unlock", "--", worktree.toString());
          }
          git.output(mirror, secrets, "worktree", "lock", "--reason", OwnerMarker.current().toString(), "--",
              worktree.toString());
          String base = recovery.baseCommit() != null ? recovery.baseCommit() : head.get();
          LOG.atInfo().setMessage("sandbox_reattached").addKeyValue("work_order_id", id.value())
              .addKeyValue("sandbox_type", "git_worktree").addKeyValue("head", head.get()).log();
          return Optional.of(new RecoveredSandbox(new WorktreeSandbox(git, id, worktree, base, url, this),
              RecoveredSandbox.How.REATTACHED, ""));
        }
        LOG.atWarn().setMessage("inconsistent_sandbox_removed").addKeyValue("work_order_id", id.value())
            .addKeyValue("sandbox_type", "git_worktree").addKeyValue("head", head.orElse("none"))
            .addKeyValue("expected_head", recovery.expectedHead()).log();
        removeWorktree(mirror, worktree, secrets);
        entry.flatMap(WorktreeEntry::branch).ifPresent(b -> deleteBranch(mirror, b, secrets));
      }
    }
    return recovery.branch() == null ? Optional.empty() : recreate(id, url, recovery);
  }

  private Optional<RecoveredSandbox> recreate(WorkOrderId id, GitRepositoryUrl url, SandboxRecovery recovery) {
    GitBranchName branch = GitBranchName.of(recovery.branch());
    dev.awo.git.GitSandbox fresh = create(id, url, false);
    try {
      Path worktree = fresh.workingDirectory();
      String remote = "refs/remotes/origin/" + branch.value();
      Optional<String> pushed = git.commit(worktree, url.secrets(), remote);
      if (pushed.isEmpty() || !git.consistent(worktree, url.secrets(), recovery, pushed.get())) {
        fresh.cleanUp();
        return Optional.empty();
      }
      git.output(worktree, url.secrets(), "checkout", "--quiet", "-B", branch.value(), remote);
      String base = recovery.baseCommit() != null ? recovery.baseCommit() : fresh.baseCommit();
      LOG.atInfo().setMessage("sandbox_recreated").addKeyValue("work_order_id", id.value())
          .addKeyValue("sandbox_type", "git_worktree").addKeyValue("branch", branch.value()).log();
      return Optional.of(new RecoveredSandbox(new WorktreeSandbox(git, id, worktree, base, url, this),
          RecoveredSandbox.How.RECREATED, ""));
    } catch (RuntimeException e) {
      fresh.cleanUp();
      throw e;
    }
  }

  private Optional<WorktreeEntry> entryOf(Path mirror, Path worktree) {
    Path wanted = realPath(worktree);
    return WorktreeEntry.parse(git.output(mirror, List.of(), "worktree", "list", "--porcelain")).stream()
        .filter(e -> !e.bare() && realPath(e.path()).equals(wanted)).findFirst();
  }

  /**
   * Reclaims stale worktrees of every mirror under the base directory, except the work-order
   * worktrees of work orders {@code stillNeeded} accepts; returns how many.
   */
  public int reclaimStale(java.util.function.Predicate<WorkOrderId> stillNeeded) {
    Path mirrors = layout.mirrorsDirectory();
    if (!Files.isDirectory(mirrors)) {
      return 0;
    }
    int reclaimed = 0;
    try (Stream<Path> entries = Files.list(mirrors)) {
      for (Path mirror : entries.filter(p -> p.getFileName().toString().endsWith(".git")).toList()) {
        try (MirrorLock.Held held = lock(layout.lockFileOf(mirror))) {
          if (Files.isRegularFile(mirror.resolve("config"))) {
            reclaimed += reclaimStale(mirror, stillNeeded);
          }
        }
      }
    } catch (IOException e) {
      throw new SandboxException("could not list " + mirrors + ": " + e.getMessage(), e);
    }
    return reclaimed;
  }

  /** Runs {@code action} holding the lock of {@code url}'s mirror. */
  void underLock(GitRepositoryUrl url, Runnable action) {
    try (MirrorLock.Held held = lock(layout.lockFile(url))) {
      action.run();
    }
  }

  /** Removes one worktree, its directory and its branch, under the mirror lock. */
  void remove(GitRepositoryUrl url, Path worktree) {
    underLock(url, () -> {
      Path mirror = layout.mirror(url);
      Optional<String> branch = checkedOutBranch(worktree, url.secrets());
      removeWorktree(mirror, worktree, url.secrets());
      branch.ifPresent(b -> deleteBranch(mirror, b, url.secrets()));
      if (Files.exists(worktree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new SandboxException("could not remove the worktree sandbox " + worktree);
      }
    });
  }

  private MirrorLock.Held lock(Path lockFile) {
    return MirrorLock.acquire(lockFile, git.settings().lockTimeout());
  }

  private void createMirror(Path mirror, GitRepositoryUrl url) throws IOException {
    Directories.deleteRecursively(mirror);
    Files.createDirectories(mirror.getParent());
    Path staging = mirror.resolveSibling(mirror.getFileName() + ".init-" + ProcessHandle.current().pid());
    Directories.deleteRecursively(staging);
    try {
      git.output(mirror.getParent(), List.of(), "init", "--quiet", "--bare", "--", staging.toString());
      git.output(staging, url.secrets(), "config", "remote.origin.url", url.value());
      git.output(staging, List.of(), "config", "remote.origin.fetch", FETCH_REFSPEC);
      Files.move(staging, mirror, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Directories.deleteRecursively(staging);
    }
    LOG.atInfo().setMessage("mirror_created")
        .addKeyValue("repository", url.redacted())
        .addKeyValue("mirror", mirror.toString())
        .log();
  }

  private GitBranchName defaultBranch(Path mirror, GitRepositoryUrl url) {
    String out = git.output(mirror, url.secrets(), "ls-remote", "--symref", "origin", "HEAD");
    for (String line : out.split("\n")) {
      if (line.startsWith("ref: refs/heads/") && line.endsWith("\tHEAD")) {
        String name = line.substring("ref: refs/heads/".length(), line.length() - "\tHEAD".length());
        if (GitBranchName.isValid(name)) {
          return GitBranchName.of(name);
        }
      }
    }
    throw new SandboxException("the remote " + url.redacted() + " does not say which branch is its default "
        + "(git ls-remote --symref origin HEAD named none); is the repository empty?");
  }

  private int reclaimStale(Path mirror, java.util.function.Predicate<WorkOrderId> stillNeeded) {
    int reclaimed = 0;
    Path ours = realPath(layout.worktreeDirectory());
    Path pooled = realPath(layout.poolDirectory());
    for (WorktreeEntry entry : WorktreeEntry.parse(git.output(mirror, List.of(), "worktree", "list", "--porcelain"))) {
      Path path = realPath(entry.path());
      if (entry.bare() || !(path.startsWith(ours) || path.startsWith(pooled)) || !entry.isStale()
          || path.startsWith(ours) && entry.ownedByDeadProcess() && workOrderOf(path).filter(stillNeeded).isPresent()) {
        continue;
      }
      removeWorktree(mirror, entry.path(), List.of());
      entry.branch().ifPresent(b -> deleteBranch(mirror, b, List.of()));
      reclaimed++;
      LOG.atWarn().setMessage("stale_sandbox_reclaimed")
          .addKeyValue("sandbox_type", "git_worktree")
          .addKeyValue("directory", entry.path().toString())
          .addKeyValue("owner", entry.lockReason().orElse("none"))
          .log();
    }
    git.output(mirror, List.of(), "worktree", "prune");
    return reclaimed;
  }

  /** The work order a worktree under {@code base/worktrees} belongs to (its directory's name). */
  private static Optional<WorkOrderId> workOrderOf(Path worktree) {
    try {
      return Optional.of(WorkOrderId.of(worktree.getFileName().toString()));
    } catch (RuntimeException notAWorkOrder) {
      return Optional.empty();
    }
  }

  private void removeWorktree(Path mirror, Path worktree, List<String> secrets) {
    if (Files.isDirectory(mirror)) {
      if (Files.exists(worktree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        ProcessResult removed = git.run(mirror, secrets, "worktree", "remove", "--force", "--force", "--", worktree.toString());
        if (!removed.succeeded()) {
          LOG.atDebug().setMessage("worktree_remove_failed")
              .addKeyValue("directory", worktree.toString())
              .addKeyValue("error", removed.describe())
              .log();
          // a damaged worktree git refuses to remove: unlock it so that prune drops it once its directory is gone
          git.run(mirror, secrets, "worktree", "unlock", "--", worktree.toString());
        }
      }
    }
    Directories.deleteRecursively(worktree);
    if (Files.isDirectory(mirror)) {
      git.run(mirror, secrets, "worktree", "prune");
    }
  }

  private Optional<String> checkedOutBranch(Path worktree, List<String> secrets) {
    if (!Files.isDirectory(worktree)) {
      return Optional.empty();
    }
    ProcessResult result = git.run(worktree, secrets, "symbolic-ref", "--quiet", "--short", "HEAD");
    String branch = result.stdout() == null ? "" : result.stdout().strip();
    return result.succeeded() && GitBranchName.isValid(branch) ? Optional.of(branch) : Optional.empty();
  }

  private void deleteBranch(Path mirror, String branch, List<String> secrets) {
    if (!GitBranchName.isValid(branch)) {
      return;
    }
    ProcessResult result = git.run(mirror, secrets, "branch", "--quiet", "-D", "--", branch);
    if (!result.succeeded()) {
      LOG.atDebug().setMessage("work_branch_delete_failed")
          .addKeyValue("branch", branch)
          .addKeyValue("error", result.describe())
          .log();
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  /**
   * Worktree sandbox and warm worktree directories whose mirror no longer knows them; used by the
   * full sweep.
   */
  public List<Path> orphanDirectories() {
    List<Path> orphans = new ArrayList<>(orphansIn(layout.worktreeDirectory()));
    Path pools = layout.poolDirectory();
    if (Files.isDirectory(pools)) {
      try (Stream<Path> perMirror = Files.list(pools)) {
        for (Path dir : perMirror.filter(Files::isDirectory).toList()) {
          orphans.addAll(orphansIn(dir));
        }
      } catch (IOException e) {
        throw new SandboxException("could not list " + pools + ": " + e.getMessage(), e);
      }
    }
    return orphans;
  }

  private static List<Path> orphansIn(Path root) {
    List<Path> orphans = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return orphans;
    }
    try (Stream<Path> entries = Files.list(root)) {
      for (Path dir : entries.toList()) {
        Path dotGit = dir.resolve(".git");
        if (!Files.isRegularFile(dotGit)) {
          continue;
        }
        String content = Files.readString(dotGit).strip();
        if (content.startsWith("gitdir: ") && !Files.exists(Path.of(content.substring("gitdir: ".length())))) {
          orphans.add(dir);
        }
      }
    } catch (IOException e) {
      throw new SandboxException("could not list " + root + ": " + e.getMessage(), e);
    }
    return orphans;
  }
}
