package dev.awo.git;

import static dev.awo.git.GitFixture.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxRecovery;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("recover(): the sandbox a crashed process left is re-attached, or re-created from the pushed branch, or reported lost")
class SandboxRecoveryTest {
  @TempDir Path tmp;
  private Path remote;
  private Path base;
  private String url;

  @BeforeEach
  void remote() throws Exception {
    remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    base = Files.createDirectories(tmp.resolve("base"));
    url = remote.toUri().toString();
  }

  /** The ids WorkerMain's crash mode uses: a worktree sandbox (1) and a branch sandbox (2). */
  private static WorkOrderId crashed(SandboxType type) {
    int seed = Math.abs("crash".hashCode()) & 0xffff;
    return WorkOrderId.of(String.format("wo-%04x%04x", seed, type == SandboxType.GIT_WORKTREE ? 1 : 2));
  }

  private SandboxRecovery recovery(SandboxType type, String head, String branch) {
    return new SandboxRecovery(new SandboxRequest(crashed(type), url, type), null, head, branch);
  }

  private Path crash() throws Exception {
    String output = Worker.start(base, url, "crash", "crash").awaitSuccess();
    assertTrue(output.contains("CREATED"), output);
    return base;
  }

  @ParameterizedTest(name = "{0}: still there, owner dead, head at the recorded commit: re-attached with its uncommitted work")
  @EnumSource(SandboxType.class)
  void reattached(SandboxType type) throws Exception {
    crash();
    String head = git(remote, "rev-parse", "trunk").strip();
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      Path dir = type == SandboxType.GIT_WORKTREE ? base.resolve("worktrees").resolve(crashed(type).value())
          : base.resolve("branch").resolve(crashed(type).value());
      GitFixture.write(dir.resolve("CHANGES.md"), "uncommitted work\n");
      RecoveredSandbox found = factory.recover(recovery(type, head, null)).orElseThrow();
      assertEquals(RecoveredSandbox.How.REATTACHED, found.how());
      Sandbox sandbox = found.sandbox();
      assertEquals(dir, sandbox.workingDirectory());
      assertEquals(Optional.of("crash-crashed"), sandbox.currentBranch());
      assertEquals(type == SandboxType.GIT_BRANCH ? "trunk" : "", found.baseBranch());
      factory.reclaimAbandoned();
      assertTrue(Files.exists(dir.resolve("CHANGES.md")), "taken over: the sweep of dead owners leaves it alone");
      assertTrue(sandbox.commitAll("feat: survive").isPresent());
      sandbox.pushBranch("crash-crashed");
      assertEquals(sandbox.headCommit(), git(remote, "rev-parse", "crash-crashed").strip());
      sandbox.cleanUp();
      factory.reclaimAbandoned(); // the other type's crashed sandbox
    }
    assertNoSandboxes();
  }

  @ParameterizedTest(name = "{0}: head not at the recorded commit, nothing pushed: removed, and reported lost")
  @EnumSource(SandboxType.class)
  void inconsistentIsRemoved(SandboxType type) throws Exception {
    crash();
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      assertEquals(Optional.empty(), factory.recover(recovery(type, "ab".repeat(20), null)));
      factory.reclaimAbandoned();
    }
    assertNoSandboxes();
  }

  @ParameterizedTest(name = "{0}: a step in flight committed before the crash: a head descending from the recorded one is accepted then only")
  @EnumSource(SandboxType.class)
  void descendantAcceptedWhenAStepWasInFlight(SandboxType type) throws Exception {
    crash();
    String recorded = git(remote, "rev-parse", "trunk").strip();
    Path dir = type == SandboxType.GIT_WORKTREE ? base.resolve("worktrees").resolve(crashed(type).value())
        : base.resolve("branch").resolve(crashed(type).value());
    GitFixture.write(dir.resolve("CHANGES.md"), "committed by the interrupted step\n");
    git(dir, "add", "-A");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "interrupted step's commit");
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      SandboxRequest request = new SandboxRequest(crashed(type), url, type);
      RecoveredSandbox found = factory.recover(new SandboxRecovery(request, null, recorded, null, true)).orElseThrow();
      assertEquals(RecoveredSandbox.How.REATTACHED, found.how());
      found.sandbox().cleanUp();
      factory.reclaimAbandoned();
    }
    assertNoSandboxes();
    crash();
    git(dir, "add", "-A");
    GitFixture.write(dir.resolve("CHANGES.md"), "x\n");
    git(dir, "add", "-A");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "a commit after the last saved step");
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      assertEquals(Optional.empty(), factory.recover(new SandboxRecovery(new SandboxRequest(crashed(type), url, type),
          null, recorded, null, false)), "with no step in flight the head must be the recorded one");
      factory.reclaimAbandoned();
    }
    assertNoSandboxes();
  }

  @ParameterizedTest(name = "{0}: sandbox gone, branch pushed at the recorded commit: re-created at that branch")
  @EnumSource(SandboxType.class)
  void recreatedFromThePushedBranch(SandboxType type) throws Exception {
    WorkOrderId id = WorkOrderId.of("wo-0000e001");
    String pushed;
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      GitSandbox first = factory.create(new SandboxRequest(id, url, type));
      git(first.workingDirectory(), "checkout", "-q", "-b", "feat-survive");
      GitFixture.write(first.workingDirectory().resolve("CHANGES.md"), "pushed work\n");
      pushed = first.commitAll("feat: survive").orElseThrow();
      first.pushBranch("feat-survive");
      first.cleanUp(); // the sandbox is lost; its branch was pushed

      SandboxRequest request = new SandboxRequest(id, url, type);
      RecoveredSandbox found = factory.recover(new SandboxRecovery(request, first.baseCommit(), pushed, "feat-survive"))
          .orElseThrow();
      assertEquals(RecoveredSandbox.How.RECREATED, found.how());
      assertEquals(pushed, found.sandbox().headCommit());
      assertEquals(Optional.of("feat-survive"), found.sandbox().currentBranch());
      assertEquals(first.baseCommit(), found.sandbox().baseCommit());
      assertEquals("pushed work\n", Files.readString(found.sandbox().workingDirectory().resolve("CHANGES.md")));
      found.sandbox().cleanUp();

      assertEquals(Optional.empty(), factory.recover(new SandboxRecovery(request, null, "cd".repeat(20), "feat-survive")),
          "a pushed branch that is not at the recorded commit is not the work the saved steps did");
      assertEquals(Optional.empty(), factory.recover(new SandboxRecovery(request, null, null, "never-pushed")));
    }
    assertNoSandboxes();
  }

  /** No clone, worktree or warm worktree is left under the base directory. */
  private void assertNoSandboxes() {
    assertEquals(List.of(), GitFixture.entries(base.resolve("branch")), "branch/");
    assertEquals(List.of(), GitFixture.entries(base.resolve("worktrees")), "worktrees/");
    for (String pool : GitFixture.entries(base.resolve("pool"))) {
      assertEquals(List.of(), GitFixture.entries(base.resolve("pool").resolve(pool)), "pool/" + pool);
    }
  }

  @Test
  @DisplayName("reclaimAbandoned() removes what dead owners left of both sandbox types")
  void reclaimAbandoned() throws Exception {
    crash();
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      assertTrue(factory.reclaimAbandoned() >= 2);
      assertEquals(List.of(), GitFixture.entries(base.resolve("branch")));
      assertEquals(List.of(), GitFixture.entries(base.resolve("worktrees")));
      assertFalse(Files.exists(base.resolve("worktrees").resolve(crashed(SandboxType.GIT_WORKTREE).value())));
    }
  }

  @ParameterizedTest(name = "{0}: a dead owner's sandbox a take-over still needs is kept by the sweep, then re-attached")
  @EnumSource(SandboxType.class)
  void stillNeededIsKept(SandboxType type) throws Exception {
    crash();
    String head = git(remote, "rev-parse", "trunk").strip();
    Path dir = type == SandboxType.GIT_WORKTREE ? base.resolve("worktrees").resolve(crashed(type).value())
        : base.resolve("branch").resolve(crashed(type).value());
    GitFixture.write(dir.resolve("CHANGES.md"), "work a take-over must not lose\n");
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      SandboxType other = type == SandboxType.GIT_WORKTREE ? SandboxType.GIT_BRANCH : SandboxType.GIT_WORKTREE;
      Path otherDir = other == SandboxType.GIT_WORKTREE ? base.resolve("worktrees").resolve(crashed(other).value())
          : base.resolve("branch").resolve(crashed(other).value());
      assertTrue(Files.isDirectory(otherDir));
      assertTrue(factory.reclaimAbandoned(crashed(type)::equals) >= 1);
      assertFalse(Files.exists(otherDir), "the other crashed sandbox, which nothing needs, is reclaimed");
      assertTrue(Files.exists(dir.resolve("CHANGES.md")), "kept for the work order that is not over");

      RecoveredSandbox found = factory.recover(recovery(type, head, null)).orElseThrow();
      assertEquals(RecoveredSandbox.How.REATTACHED, found.how());
      assertEquals("work a take-over must not lose\n", Files.readString(found.sandbox().workingDirectory()
          .resolve("CHANGES.md")));
      found.sandbox().cleanUp();
    }
    assertNoSandboxes();
  }

  @org.junit.jupiter.api.Test
  @DisplayName("git_worktree: another work order's sandbox created on the mirror meanwhile leaves the crashed one to be re-attached")
  void creatingAnotherWorktreeLeavesTheCrashedOne() throws Exception {
    crash();
    String head = git(remote, "rev-parse", "trunk").strip();
    Path dir = base.resolve("worktrees").resolve(crashed(SandboxType.GIT_WORKTREE).value());
    GitFixture.write(dir.resolve("CHANGES.md"), "work a take-over must not lose\n");
    try (GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).warmWorktrees(0).build()) {
      Sandbox other = factory.create(new SandboxRequest(WorkOrderId.of("wo-0000beef"), url, SandboxType.GIT_WORKTREE));
      RecoveredSandbox found = factory.recover(recovery(SandboxType.GIT_WORKTREE, head, null)).orElseThrow();
      assertEquals(RecoveredSandbox.How.REATTACHED, found.how());
      assertTrue(Files.exists(found.sandbox().workingDirectory().resolve("CHANGES.md")));
      found.sandbox().cleanUp();
      other.cleanUp();
      factory.reclaimAbandoned(); // the crashed branch clone
    }
    assertNoSandboxes();
  }
}
