package dev.awo.git;

import static dev.awo.git.GitFixture.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.DiffStats;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Both sandbox kinds against real git and local bare remotes. */
class GitSandboxTest {
  private static final WorkOrderId WO = WorkOrderId.of("wo-00000001");

  @TempDir Path tmp;
  private final List<GitSandboxFactory> factories = new java.util.ArrayList<>();

  private GitSandboxFactory factory() {
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base")).build();
    factories.add(factory);
    return factory;
  }

  @org.junit.jupiter.api.AfterEach
  void closeFactories() {
    factories.forEach(GitSandboxFactory::close);
  }

  private static SandboxRequest request(WorkOrderId id, Path remote, SandboxType type) {
    return new SandboxRequest(id, remote.toUri().toString(), type);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"GIT_BRANCH, main", "GIT_BRANCH, master", "GIT_BRANCH, trunk",
      "GIT_WORKTREE, main", "GIT_WORKTREE, master", "GIT_WORKTREE, trunk"})
  @DisplayName("a sandbox starts at the tip of the remote's default branch, whatever it is called")
  void startsAtTheDefaultBranch(SandboxType type, String defaultBranch) {
    Path remote = GitFixture.bareRemote(tmp, "remote", defaultBranch);
    // another branch with a different tip: the default must be detected, not guessed
    String otherBranch = defaultBranch.equals("main") ? "trunk" : "main";
    git(remote, "branch", otherBranch, defaultBranch);
    GitFixture.pushCommit(remote, otherBranch, "other.txt", "not on the default branch\n");
    String tip = git(remote, "rev-parse", defaultBranch).strip();

    GitSandbox sandbox = factory().create(request(WO, remote, type));
    try {
      assertEquals(tip, sandbox.baseCommit());
      assertEquals(tip, sandbox.headCommit());
      assertTrue(Files.isRegularFile(sandbox.workingDirectory().resolve("README.md")));
      assertFalse(Files.exists(sandbox.workingDirectory().resolve("other.txt")));
      Optional<String> expectedBranch = type == SandboxType.GIT_BRANCH ? Optional.of(defaultBranch) : Optional.empty();
      assertEquals(expectedBranch, sandbox.currentBranch(), "clones check the branch out, worktrees start detached");
      assertEquals(type, sandbox.type());
    } finally {
      sandbox.cleanUp();
    }
  }

  @ParameterizedTest
  @EnumSource(SandboxType.class)
  @DisplayName("the branch the agent creates is reported, committed to, pushed to the remote and measured by git")
  void agentBranchIsCommittedPushedAndMeasured(SandboxType type) throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    GitSandbox sandbox = factory().create(request(WO, remote, type));
    try {
      Path work = sandbox.workingDirectory();
      GitProgress before = sandbox.progress();
      assertEquals(GitPhase.NOT_STARTED, before.phase());
      assertEquals(0, before.commitsSinceBase());
      assertEquals(Optional.empty(), sandbox.commitAll("nothing to commit"), "a clean tree commits nothing");

      git(work, "checkout", "-q", "-b", "feat/issue-7"); // what the agent's branch_generator step does
      assertEquals(Optional.of("feat/issue-7"), sandbox.currentBranch());

      GitFixture.write(work.resolve("README.md"), "# remote\n\nline one changed\nline two\nline three\nline four\n");
      Files.write(work.resolve("logo.bin"), new byte[] {0, 1, 2, 3, 0, (byte) 255, 0, 42});
      GitFixture.write(work.resolve("docs/PLAN.md"), "plan\n");
      assertEquals(GitPhase.IMPLEMENTING, sandbox.progress().phase(), "uncommitted work means implementing");
      assertEquals(3, sandbox.progress().uncommittedChanges());

      Optional<String> commit = sandbox.commitAll("feat: add totals\n\nlonger body");
      assertTrue(commit.isPresent());
      assertEquals(commit.get(), sandbox.headCommit());
      assertNotEquals(sandbox.baseCommit(), sandbox.headCommit());
      assertEquals("awo <awo@localhost>", git(work, "log", "-1", "--format=%an <%ae>").strip());

      // README: 1 line removed, 3 added; PLAN.md: 1 added; logo.bin: binary, counted as a file
      assertEquals(new DiffStats(3, 4, 1), sandbox.diffStats());

      GitProgress progress = sandbox.progress();
      assertEquals(Optional.of("feat/issue-7"), progress.branch());
      assertEquals(1, progress.commitsSinceBase());
      assertEquals(3, progress.filesChanged());
      assertEquals("feat: add totals", progress.latestCommitMessage());
      assertEquals(GitPhase.IMPLEMENTING, progress.phase());
      assertEquals(0, progress.uncommittedChanges());

      sandbox.pushBranch("feat/issue-7");
      assertEquals(commit.get(), git(remote, "rev-parse", "refs/heads/feat/issue-7").strip());
    } finally {
      sandbox.cleanUp();
    }
  }

  @ParameterizedTest
  @EnumSource(SandboxType.class)
  @DisplayName("cleanup after success removes everything the sandbox made, is idempotent and closes the sandbox")
  void cleanupLeavesNothingBehind(SandboxType type) {
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    GitSandboxFactory factory = factory();
    GitSandbox sandbox = factory.create(request(WO, remote, type));
    git(sandbox.workingDirectory(), "checkout", "-q", "-b", "feat/cleanup");
    GitFixture.write(sandbox.workingDirectory().resolve("new.txt"), "x\n");
    sandbox.commitAll("chore: new file");
    Path directory = sandbox.workingDirectory();

    sandbox.cleanUp();
    sandbox.cleanUp();
    factory.close(); // removes the warm worktree it prepared meanwhile

    assertFalse(Files.exists(directory));
    Path base = factory.baseDirectory();
    assertEquals(List.of(), GitFixture.entries(base.resolve("branch")));
    assertEquals(List.of(), GitFixture.entries(base.resolve("worktrees")));
    if (type == SandboxType.GIT_WORKTREE) {
      Path mirror = onlyMirror(base);
      assertEquals("worktree " + mirror + "\nbare\n", git(mirror, "worktree", "list", "--porcelain").replace("\n\n", "\n"));
      assertEquals("", git(mirror, "branch", "--list").strip(), "the work branch left the mirror with its worktree");
      assertEquals(List.of(), GitFixture.entries(mirror.resolve("worktrees")));
    }
    assertThrows(SandboxException.class, sandbox::headCommit);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("later worktree sandboxes fetch into the shared mirror and start from the new tip")
  void laterWorktreesFetch() {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    GitSandboxFactory factory = factory();
    GitSandbox first = factory.create(request(WO, remote, SandboxType.GIT_WORKTREE));
    String newTip = GitFixture.pushCommit(remote, "trunk", "later.txt", "later\n");

    GitSandbox second = factory.create(new SandboxRequest(WorkOrderId.of("wo-00000002"), remote.toString() + "/",
        SandboxType.GIT_WORKTREE));
    try {
      assertNotEquals(newTip, first.baseCommit());
      assertEquals(newTip, second.baseCommit());
      assertEquals(1, GitFixture.entries(factory.baseDirectory().resolve("mirrors")).size(),
          "a path and its file:// URL with a trailing slash share one mirror");
      assertTrue(Files.exists(second.workingDirectory().resolve("later.txt")));
    } finally {
      first.cleanUp();
      second.cleanUp();
    }
  }

  @org.junit.jupiter.api.Test
  @DisplayName("a second sandbox for a work order whose sandbox is still live is refused and the first is untouched")
  void duplicateWorkOrderIsRefused() {
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    GitSandboxFactory factory = factory();
    for (SandboxType type : SandboxType.values()) {
      GitSandbox sandbox = factory.create(request(WO, remote, type));
      try {
        SandboxException refused = assertThrows(SandboxException.class, () -> factory.create(request(WO, remote, type)));
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
        assertTrue(Files.isRegularFile(sandbox.workingDirectory().resolve("README.md")));
        assertEquals(sandbox.baseCommit(), sandbox.headCommit());
      } finally {
        sandbox.cleanUp();
      }
    }
  }

  static Path onlyMirror(Path base) {
    List<String> mirrors = GitFixture.entries(base.resolve("mirrors"));
    assertEquals(1, mirrors.size(), "one mirror: " + mirrors);
    return base.resolve("mirrors").resolve(mirrors.get(0));
  }
}
