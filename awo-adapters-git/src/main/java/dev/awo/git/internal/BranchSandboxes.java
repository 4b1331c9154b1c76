package dev.awo.git.internal;

import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitBranchName;
import dev.awo.git.GitRepositoryUrl;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxRecovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up branch sandboxes: {@code git clone -- <url> base/branch/<id>}, on the remote's default
 * branch. Before cloning, an owner file ({@link OwnerMarker}) is created atomically next to the
 * directory; a sandbox whose owner process is gone is stale and is reclaimed. Thread-safe.
 */
public final class BranchSandboxes {
  private static final Logger LOG = LoggerFactory.getLogger(BranchSandboxes.class);
  private final Git git;
  private final SandboxLayout layout;

  public BranchSandboxes(Git git, SandboxLayout layout) {
    this.git = git;
    this.layout = layout;
  }

  public dev.awo.git.GitSandbox create(WorkOrderId id, GitRepositoryUrl url) {
    Path directory = layout.branchSandbox(id);
    Path ownerFile = layout.branchOwnerFile(id);
    try {
      Files.createDirectories(layout.branchDirectory());
      reclaimIfStale(directory, ownerFile);
      Files.writeString(ownerFile, OwnerMarker.current().toString(), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(id, directory);
    } catch (IOException e) {
      throw new SandboxException("could not prepare " + directory + ": " + e.getMessage(), e);
    }
    try {
      git.output(layout.branchDirectory(), url.secrets(),
          "clone", "--quiet", "--origin", "origin", "--", url.value(), directory.toString());
      String base = git.firstLine(directory, url.secrets(), "rev-parse", "--verify", "HEAD^{commit}")
          .orElseThrow(() -> new SandboxException("the clone of " + url.redacted() + " has no commit checked out"));
      LOG.atInfo().setMessage("sandbox_created")
          .addKeyValue("work_order_id", id.value())
          .addKeyValue("sandbox_type", "git_branch")
          .addKeyValue("repository", url.redacted())
          .addKeyValue("base_commit", base)
          .log();
      return new BranchSandbox(git, id, directory, ownerFile, base, url);
    } catch (RuntimeException e) {
      removeQuietly(directory, ownerFile);
      throw Failures.setUp("branch", id, url, e);
    }
  }

  /**
   * Takes up the branch sandbox a dead process left for {@code id}: re-attached when its clone is
   * there, consistent with {@code recovery} and not owned by another live process (the owner file
   * is rewritten for this one); else removed and, when the work order's branch was pushed, cloned
   * again and checked out at it, if that is at the recorded head. Empty when neither works.
   *
   * @throws SandboxException when another running process owns the sandbox
   */
  public Optional<RecoveredSandbox> recover(WorkOrderId id, GitRepositoryUrl url, SandboxRecovery recovery) {
    Path directory = layout.branchSandbox(id);
    Path ownerFile = layout.branchOwnerFile(id);
    Optional<OwnerMarker> owner = readOwner(ownerFile);
    if (owner.isPresent() && owner.get().isAlive() && !owner.get().isCurrent()) {
      throw new SandboxException("the branch sandbox of " + id + " at " + directory + " belongs to a running process ("
          + owner.get() + "); it is not taken over");
    }
    if (Files.isDirectory(directory)) {
      Optional<String> head = git.head(directory, url.secrets());
      if (head.isPresent() && git.consistent(directory, url.secrets(), recovery, head.get())) {
        try {
          Path written = Files.writeString(ownerFile.resolveSibling(ownerFile.getFileName() + ".tmp"),
              OwnerMarker.current().toString(), StandardCharsets.UTF_8);
          Files.move(written, ownerFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new SandboxException("could not take over " + directory + ": " + e.getMessage(), e);
        }
        String base = recovery.baseCommit() != null ? recovery.baseCommit() : head.get();
        LOG.atInfo().setMessage("sandbox_reattached").addKeyValue("work_order_id", id.value())
            .addKeyValue("sandbox_type", "git_branch").addKeyValue("head", head.get()).log();
        return Optional.of(new RecoveredSandbox(new BranchSandbox(git, id, directory, ownerFile, base, url),
            RecoveredSandbox.How.REATTACHED, defaultBranch(directory, url)));
      }
      LOG.atWarn().setMessage("inconsistent_sandbox_removed").addKeyValue("work_order_id", id.value())
          .addKeyValue("sandbox_type", "git_branch").addKeyValue("head", head.orElse("none"))
          .addKeyValue("expected_head", recovery.expectedHead()).log();
    }
    removeQuietly(directory, ownerFile);
    return recovery.branch() == null ? Optional.empty() : recreate(id, url, recovery);
  }

  private Optional<RecoveredSandbox> recreate(WorkOrderId id, GitRepositoryUrl url, SandboxRecovery recovery) {
    GitBranchName branch = GitBranchName.of(recovery.branch());
    dev.awo.git.GitSandbox fresh = create(id, url);
    try {
      String baseBranch = fresh.currentBranch().orElse("");
      Path directory = fresh.workingDirectory();
      Optional<String> pushed = git.commit(directory, url.secrets(), "refs/remotes/origin/" + branch.value());
      if (pushed.isEmpty() || !git.consistent(directory, url.secrets(), recovery, pushed.get())) {
        fresh.cleanUp();
        return Optional.empty();
      }
      git.output(directory, url.secrets(), "checkout", "--quiet", "-B", branch.value(), "refs/remotes/origin/" + branch.value());
      String base = recovery.baseCommit() != null ? recovery.baseCommit() : fresh.baseCommit();
      LOG.atInfo().setMessage("sandbox_recreated").addKeyValue("work_order_id", id.value())
          .addKeyValue("sandbox_type", "git_branch").addKeyValue("branch", branch.value()).log();
      return Optional.of(new RecoveredSandbox(new BranchSandbox(git, id, directory, layout.branchOwnerFile(id), base, url),
          RecoveredSandbox.How.RECREATED, baseBranch));
    } catch (RuntimeException e) {
      fresh.cleanUp();
      throw e;
    }
  }

  /** The remote's default branch as the clone knows it ({@code origin/HEAD}), or empty. */
  private String defaultBranch(Path directory, GitRepositoryUrl url) {
    ProcessResult result = git.run(directory, url.secrets(), "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD");
    String name = result.succeeded() ? result.stdout().strip() : "";
    return name.startsWith("origin/") ? name.substring("origin/".length()) : "";
  }

  /**
   * Removes branch sandboxes whose owner process no longer runs, except those of work orders
   * {@code stillNeeded} accepts; returns how many.
   */
  public int reclaimStale(java.util.function.Predicate<WorkOrderId> stillNeeded) {
    Path root = layout.branchDirectory();
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int reclaimed = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        String idText = name.endsWith(".owner") ? name.substring(0, name.length() - ".owner".length()) : name;
        WorkOrderId id;
        try {
          id = WorkOrderId.of(idText);
        } catch (RuntimeException notOurs) {
          continue;
        }
        if (name.endsWith(".owner") && Files.exists(layout.branchSandbox(id)) || stillNeeded.test(id)) {
          continue; // handled with its directory, or kept for a take-over
        }
        if (reclaimIfStale(layout.branchSandbox(id), layout.branchOwnerFile(id))) {
          reclaimed++;
        }
      }
    } catch (IOException e) {
      throw new SandboxException("could not list " + root + ": " + e.getMessage(), e);
    }
    return reclaimed;
  }

  private boolean reclaimIfStale(Path directory, Path ownerFile) {
    if (!Files.exists(directory) && !Files.exists(ownerFile)) {
      return false;
    }
    Optional<OwnerMarker> owner = readOwner(ownerFile);
    if (owner.isPresent() && owner.get().isAlive()) {
      return false;
    }
    removeQuietly(directory, ownerFile);
    LOG.atWarn().setMessage("stale_sandbox_reclaimed")
        .addKeyValue("sandbox_type", "git_branch")
        .addKeyValue("directory", directory.toString())
        .addKeyValue("owner", owner.map(OwnerMarker::toString).orElse("unknown"))
        .log();
    return true;
  }

  private static Optional<OwnerMarker> readOwner(Path ownerFile) {
    try {
      return OwnerMarker.parse(Files.readString(ownerFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static SandboxException alreadyExists(WorkOrderId id, Path directory) {
    return new SandboxException("a branch sandbox for " + id + " already exists at " + directory
        + " and its owner process is still running; clean it up before creating another");
  }

  private static void removeQuietly(Path directory, Path ownerFile) {
    try {
      Directories.deleteRecursively(directory);
      Files.deleteIfExists(ownerFile);
    } catch (IOException | RuntimeException e) {
      LOG.atWarn().setMessage("sandbox_removal_failed")
          .addKeyValue("directory", directory.toString())
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log();
    }
  }
}
