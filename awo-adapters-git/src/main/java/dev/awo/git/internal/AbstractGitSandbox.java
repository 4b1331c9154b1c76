package dev.awo.git.internal;

import dev.awo.domain.DiffStats;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitBranchName;
import dev.awo.git.GitDiffStats;
import dev.awo.git.GitPhase;
import dev.awo.git.GitProgress;
import dev.awo.git.GitRepositoryUrl;
import dev.awo.git.GitSandbox;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.sandbox.SandboxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both sandbox kinds share: queries, commit and push, run in the working directory. Subclasses
 * say how to clean up and how to guard a push. Thread-safe: state is immutable except the cleaned-up
 * flag, and {@link #cleanUp()} is synchronized and idempotent.
 */
abstract class AbstractGitSandbox implements GitSandbox {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractGitSandbox.class);
  private static final int MAX_MESSAGE_CHARS = 64 * 1024;

  protected final Git git;
  private final WorkOrderId workOrderId;
  private final Path directory;
  private final String baseCommit;
  private final GitRepositoryUrl repository;
  private volatile boolean cleanedUp;

  AbstractGitSandbox(Git git, WorkOrderId workOrderId, Path directory, String baseCommit, GitRepositoryUrl repository) {
    this.git = git;
    this.workOrderId = workOrderId;
    this.directory = directory;
    this.baseCommit = baseCommit;
    this.repository = repository;
  }

  @Override
  public WorkOrderId workOrderId() {
    return workOrderId;
  }

  @Override
  public Path workingDirectory() {
    return directory;
  }

  @Override
  public String baseCommit() {
    return baseCommit;
  }

  @Override
  public GitRepositoryUrl repository() {
    return repository;
  }

  @Override
  public Optional<String> currentBranch() {
    ensureOpen();
    ProcessResult result = git.run(directory, secrets(), "symbolic-ref", "--quiet", "--short", "HEAD");
    if (result.succeeded()) {
      String branch = result.stdout().strip();
      return branch.isEmpty() ? Optional.empty() : Optional.of(branch);
    }
    if (result.exitCode() == 1 && !result.timedOut()) {
      return Optional.empty();
    }
    throw git.failure(secrets(), result, "symbolic-ref", "--quiet", "--short", "HEAD");
  }

  @Override
  public String headCommit() {
    ensureOpen();
    return git.firstLine(directory, secrets(), "rev-parse", "--verify", "HEAD^{commit}")
        .orElseThrow(() -> new SandboxException("git rev-parse printed no commit in " + directory));
  }

  @Override
  public DiffStats diffStats() {
    ensureOpen();
    String head = headCommit();
    return GitDiffStats.parseNumstat(
        git.output(directory, secrets(), "diff", "--numstat", "--no-color", "--no-ext-diff", baseCommit, head, "--"));
  }

  @Override
  public Optional<String> commitAll(String message) {
    if (message == null || message.isBlank()) {
      throw new dev.awo.domain.InvalidInputException("commitMessage", "must not be blank");
    }
    if (message.length() > MAX_MESSAGE_CHARS || message.indexOf('\0') >= 0) {
      throw new dev.awo.domain.InvalidInputException("commitMessage",
          "must be at most " + MAX_MESSAGE_CHARS + " characters without NUL characters");
    }
    ensureOpen();
    git.output(directory, secrets(), "add", "--all");
    ProcessResult staged = git.run(directory, secrets(), "diff", "--cached", "--quiet");
    if (staged.succeeded()) {
      return Optional.empty();
    }
    if (staged.exitCode() != 1 || staged.timedOut()) {
      throw git.failure(secrets(), staged, "diff", "--cached", "--quiet");
    }
    git.outputWithStdin(directory, secrets(), message, "commit", "--quiet", "--file=-");
    String commit = headCommit();
    LOG.atInfo().setMessage("sandbox_changes_committed")
        .addKeyValue("work_order_id", workOrderId.value())
        .addKeyValue("commit", commit)
        .log();
    return Optional.of(commit);
  }

  @Override
  public void pushBranch(String branch) {
    GitBranchName name = GitBranchName.of(branch);
    ensureOpen();
    String refspec = name.ref() + ":" + name.ref();
    guardPush(() -> git.output(directory, secrets(), "push", "--quiet", "--", "origin", refspec));
    LOG.atInfo().setMessage("sandbox_branch_pushed")
        .addKeyValue("work_order_id", workOrderId.value())
        .addKeyValue("branch", name.value())
        .addKeyValue("repository", repository.redacted())
        .log();
  }

  @Override
  public GitProgress progress() {
    ensureOpen();
    String branch = currentBranch().orElse(null);
    String range = baseCommit + "..HEAD";
    int commits = Integer.parseInt(
        git.firstLine(directory, secrets(), "rev-list", "--count", range, "--").orElse("0"));
    String subject = commits == 0 ? ""
        : git.firstLine(directory, secrets(), "log", "-1", "--format=%s", range, "--").orElse("");
    int uncommitted = (int) git.output(directory, secrets(), "status", "--porcelain=v1", "--untracked-files=all")
        .lines().filter(line -> !line.isBlank()).count();
    DiffStats committed = diffStats();
    return new GitProgress(branch, commits, committed, uncommitted, subject,
        GitPhase.of(commits, subject, uncommitted));
  }

  @Override
  public final synchronized void cleanUp() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    removeEverything();
    LOG.atInfo().setMessage("sandbox_cleaned_up")
        .addKeyValue("work_order_id", workOrderId.value())
        .addKeyValue("sandbox_type", type().wireName())
        .log();
  }

  @Override
  public String toString() {
    return type().wireName() + " sandbox " + workOrderId + " at " + directory + " from " + repository.redacted();
  }

  protected List<String> secrets() {
    return repository.secrets();
  }

  /** Removes the sandbox from disk (and from its mirror). Called once. */
  protected abstract void removeEverything();

  /** Runs a push; worktrees hold the mirror lock while pushing. */
  protected void guardPush(Runnable push) {
    push.run();
  }

  private void ensureOpen() {
    if (cleanedUp) {
      throw new SandboxException("the " + type().wireName() + " sandbox of " + workOrderId + " was cleaned up");
    }
  }

  @Override
  public abstract SandboxType type();
}
