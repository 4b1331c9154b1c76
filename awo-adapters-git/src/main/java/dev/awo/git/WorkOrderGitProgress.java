package dev.awo.git;

import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitDiffStats;
import dev.awo.git.GitPhase;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A work order's git progress, from git itself — never from the agent's own account.
 *
 * <p>While the sandbox exists ({@link WorkOrder#sandboxPath()} is a directory) it runs git there:
 * commits between the recorded base commit and {@code HEAD}, the files they changed ({@code git diff
 * --numstat}), the newest commit's subject, the branch checked out and the uncommitted paths; the
 * phase is {@link GitPhase#of}. Each live reading is remembered, so once the sandbox is gone the
 * answer comes from the last reading and the recorded head commit and diff of the work order ({@code
 * git_files_changed} from its {@link DiffStats}; a count no reading saw is {@code null}).
 *
 * <p>For a host's {@code GET /agent-work-orders/{id}/git-progress}; {@link Reading#state()} is what
 * its ETag derives from, so an unchanged poll costs three git calls and no body.
 *
 * <pre>{@code
 * WorkOrderGitProgress git = new WorkOrderGitProgress();
 * WorkOrderGitProgress.Reading reading = git.read(orchestrator.workOrder(id).orElseThrow());
 * }</pre>
 *
 * <p>This class is thread-safe: request threads read concurrently; it remembers the last reading
 * of at most 4,096 work orders.
 */
public final class WorkOrderGitProgress {
  private static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_REMEMBERED = 4096;

  private final ProcessRunner processes = ProcessRunner.create();
  private final Map<WorkOrderId, Reading> lastReadings = new ConcurrentHashMap<>();

  /** A reader running git through a fresh {@link ProcessRunner}. */
  public WorkOrderGitProgress() {}

  /**
   * One reading of a work order's git progress. Immutable and thread-safe.
   *
   * @param source {@code sandbox} (read from git now) or {@code recorded} (from the work order and
   *     the last reading)
   * @param state identifies what was read (head, uncommitted count, branch; or the recorded head),
   *     for an ETag
   * @param phase the phase ({@link GitPhase#of}), {@link GitPhase#UNKNOWN} when nothing tells
   * @param commits commits since the base, or null when unknown
   * @param filesChanged files the commits changed, or null when unknown
   * @param latestCommitMessage the newest commit's subject, or null
   * @param branch the branch, or null
   */
  public record Reading(String source, String state, GitPhase phase, Integer commits, Integer filesChanged,
      String latestCommitMessage, String branch) {}

  /**
   * Reads {@code order}'s progress: from git in its sandbox while that is a checkout with the
   * recorded base commit, else from the record and the last reading.
   *
   * @param order the work order as stored now
   * @return the reading, never null
   */
  public Reading read(WorkOrder order) {
    Path sandbox = order.sandboxPath() == null ? null : Path.of(order.sandboxPath());
    if (sandbox != null && order.baseCommit() != null && Files.isDirectory(sandbox.resolve(".git"))
        || sandbox != null && order.baseCommit() != null && Files.isRegularFile(sandbox.resolve(".git"))) {
      Reading live = live(order, sandbox);
      if (live != null) {
        if (lastReadings.size() >= MAX_REMEMBERED) {
          lastReadings.clear();
        }
        lastReadings.put(order.id(), live);
        return live;
      }
    }
    return recorded(order, lastReadings.get(order.id()));
  }

  /**
   * Reads the sandbox; head commit, branch and uncommitted paths first (three processes), and only
   * when they differ from the last reading the other three, so an unchanged poll costs three git calls.
   */
  private Reading live(WorkOrder order, Path sandbox) {
    String head = git(sandbox, "rev-parse", "HEAD");
    String status = git(sandbox, "status", "--porcelain", "--untracked-files=all");
    String branch = git(sandbox, "rev-parse", "--abbrev-ref", "HEAD");
    if (head == null || status == null || branch == null) {
      return null;
    }
    int uncommitted = (int) status.lines().filter(l -> !l.isBlank()).count();
    String state = head.strip() + "." + uncommitted + "." + branch.strip();
    Reading last = lastReadings.get(order.id());
    if (last != null && last.source().equals("sandbox") && last.state().equals(state)) {
      return last;
    }
    String range = order.baseCommit() + "..HEAD";
    String count = git(sandbox, "rev-list", "--count", range);
    String subject = git(sandbox, "log", "-1", "--format=%s", range);
    String numstat = git(sandbox, "diff", "--numstat", order.baseCommit(), "HEAD");
    if (count == null || subject == null || numstat == null) {
      return null;
    }
    int commits = Integer.parseInt(count.strip());
    String latest = subject.strip();
    String branchName = branch.strip().equals("HEAD") ? order.branchName() : branch.strip();
    return new Reading("sandbox", state, GitPhase.of(commits, latest, uncommitted),
        commits, GitDiffStats.parseNumstat(numstat).filesChanged(), latest.isEmpty() ? null : latest, branchName);
  }

  private static Reading recorded(WorkOrder order, Reading last) {
    Integer files = order.diffStats() != null ? Integer.valueOf(order.diffStats().filesChanged())
        : last == null ? null : last.filesChanged();
    Integer commits = last != null ? last.commits()
        : order.baseCommit() != null && order.baseCommit().equals(order.headCommit()) ? Integer.valueOf(0) : null;
    String latest = last == null ? null : last.latestCommitMessage();
    GitPhase phase = last != null ? last.phase()
        : commits != null && commits == 0 ? GitPhase.NOT_STARTED : GitPhase.UNKNOWN;
    String branch = order.branchName() != null ? order.branchName() : last == null ? null : last.branch();
    return new Reading("recorded", "r" + (order.headCommit() == null ? "-" : order.headCommit()) + "." + files,
        phase, commits, files, latest, branch);
  }

  private String git(Path directory, String... arguments) {
    String[] command = new String[arguments.length + 3];
    command[0] = "git";
    command[1] = "-c";
    command[2] = "core.quotepath=off";
    System.arraycopy(arguments, 0, command, 3, arguments.length);
    ProcessResult result = processes.run(ProcessSpec.builder(command).directory(directory).timeout(GIT_TIMEOUT)
        .env("GIT_OPTIONAL_LOCKS", "0").build());
    return result.succeeded() ? result.stdout() : null;
  }
}
