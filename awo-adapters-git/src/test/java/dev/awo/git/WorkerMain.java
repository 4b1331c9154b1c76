package dev.awo.git;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Path;

/**
 * A separate JVM for the multi-process tests. Usage: {@code WorkerMain <base> <url> <prefix> <mode>}
 * where mode is {@code work} (three full work orders through worktree sandboxes, each pushing branch
 * {@code <prefix>-<n>}) or {@code crash} (sets up a worktree and a branch sandbox, checks out a work
 * branch in each, waits for the warm worktree the first one scheduled, then halts without cleaning up,
 * as a crashed host would). The factory is closed at the end of {@code work}, as hosts should.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    String url = args[1];
    String prefix = args[2];
    String mode = args[3];
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).build();
    try {
      run(factory, url, prefix, mode);
    } finally {
      factory.close();
    }
    System.out.println("OK " + prefix);
  }

  private static void run(GitSandboxFactory factory, String url, String prefix, String mode) throws Exception {
    int seed = Math.abs(prefix.hashCode()) & 0xffff;
    if (mode.equals("crash")) {
      GitSandbox worktree = factory.create(new SandboxRequest(id(seed, 1), url, SandboxType.GIT_WORKTREE));
      GitSandbox clone = factory.create(new SandboxRequest(id(seed, 2), url, SandboxType.GIT_BRANCH));
      GitFixture.git(worktree.workingDirectory(), "checkout", "-q", "-b", prefix + "-crashed");
      GitFixture.git(clone.workingDirectory(), "checkout", "-q", "-b", prefix + "-crashed");
      // the worktree scheduled a warm worktree: let it be made, so that the crash leaves one behind too
      if (!factory.awaitWarmWorktrees(java.time.Duration.ofMinutes(2))) {
        throw new IllegalStateException("the warm worktree was not made in time");
      }
      System.out.println("CREATED " + worktree.workingDirectory() + " " + clone.workingDirectory());
      System.out.flush();
      Runtime.getRuntime().halt(0);
    }
    for (int n = 0; n < 3; n++) {
      GitSandbox sandbox = factory.create(new SandboxRequest(id(seed, n), url, SandboxType.GIT_WORKTREE));
      try {
        String branch = prefix + "-" + n;
        GitFixture.git(sandbox.workingDirectory(), "checkout", "-q", "-b", branch);
        GitFixture.write(sandbox.workingDirectory().resolve(branch + ".txt"), branch + "\n");
        sandbox.commitAll("feat: " + branch);
        sandbox.pushBranch(branch);
      } finally {
        sandbox.cleanUp();
      }
    }
  }

  private static WorkOrderId id(int seed, int n) {
    return WorkOrderId.of(String.format("wo-%04x%04x", seed, n));
  }
}
