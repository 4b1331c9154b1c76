package dev.awo.git;

import static dev.awo.git.GitFixture.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Set-up failures, hanging remotes and crashed processes leave nothing behind. */
class FailureAndRecoveryTest {
  private static final WorkOrderId WO = WorkOrderId.of("wo-0000f001");

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(SandboxType.class)
  @DisplayName("a remote that does not exist fails set-up with git's reason and leaves nothing behind")
  void missingRemoteLeavesNothing(SandboxType type) {
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base")).build();
    String url = tmp.resolve("no-such-repo.git").toUri().toString();

    SandboxException failure = assertThrows(SandboxException.class,
        () -> factory.create(new SandboxRequest(WO, url, type)));

    assertTrue(failure.getMessage().contains("no-such-repo"), failure.getMessage());
    assertTrue(failure.getMessage().contains("does not appear to be a git repository")
        || failure.getMessage().contains("does not exist"), failure.getMessage());
    assertNothingLeft(factory.baseDirectory());
  }

  @ParameterizedTest
  @EnumSource(SandboxType.class)
  @DisplayName("an empty remote (no default branch to start from) fails set-up and leaves nothing behind")
  void emptyRemoteLeavesNothing(SandboxType type) {
    Path empty = tmp.resolve("empty.git");
    git(tmp, "init", "-q", "--bare", empty.toString());
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base")).build();

    assertThrows(SandboxException.class, () -> factory.create(new SandboxRequest(WO, empty.toString(), type)));

    assertNothingLeft(factory.baseDirectory());
  }

  @ParameterizedTest
  @EnumSource(SandboxType.class)
  @DisplayName("a remote that never answers is killed at the timeout with its whole process tree, leaving nothing behind")
  void hangingRemoteIsKilledAtTimeout(SandboxType type) throws Exception {
    // stands in for an ssh connection to a server that accepts and then never says anything
    assertHangIsKilledCleanly(type, "sleep 300 &\necho $! >> '%s'\nwait\n");
  }

  @Test
  @DisplayName("a helper that starts another process while being killed leaves no orphan behind")
  void processStartedDuringTheKillIsAlsoKilled() throws Exception {
    // on SIGTERM the helper starts a new process and exits: the new one is re-parented, out of the tree
    assertHangIsKilledCleanly(SandboxType.GIT_BRANCH,
        "trap 'sleep 300 & echo $! >> \"%1$s\"; exit 0' TERM\nsleep 300 &\necho $! >> '%1$s'\nwait\nwait\n");
  }

  private void assertHangIsKilledCleanly(SandboxType type, String scriptBody) throws Exception {
    Path pids = tmp.resolve("pids.txt");
    Path hang = tmp.resolve("hanging-ssh.sh");
    Files.writeString(hang, "#!/bin/sh\necho $$ >> '" + pids + "'\n" + String.format(scriptBody, pids),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwx------"));
    GitSandboxFactory factory = GitSandboxFactory.builder()
        .baseDirectory(tmp.resolve("base"))
        .sshCommand(hang.toString())
        .timeout(Duration.ofSeconds(3))
        .build();

    SandboxException failure = assertThrows(SandboxException.class, () -> factory.create(
        new SandboxRequest(WO, "ssh://git@127.0.0.1/srv/never.git", type)));

    assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
    List<Long> started = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
    // git may run the helper twice (an ssh variant probe, then the connection)
    assertTrue(started.size() >= 2, "the helper and its child ran: " + started);
    for (long pid : started) {
      assertFalse(running(pid), "process " + pid + " of the killed tree must be gone");
    }
    assertTrue(ProcessHandle.current().descendants().noneMatch(p -> running(p.pid())), "no process left below this JVM");
    assertNothingLeft(factory.baseDirectory());
  }

  @Test
  @DisplayName("sandboxes left by a crashed process are reclaimed, with their work branches; live ones are kept")
  void staleSandboxesOfACrashedProcessAreReclaimed() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    Path base = tmp.resolve("base");
    Files.createDirectories(base);
    String url = remote.toUri().toString();
    String output = Worker.start(base, url, "crash", "crash").awaitSuccess();
    assertTrue(output.contains("CREATED"), output);
    List<String> crashedWorktree = GitFixture.entries(base.resolve("worktrees"));
    assertEquals(1, crashedWorktree.size(), "the crashed worktree is still there");
    Path mirror = GitSandboxTest.onlyMirror(base);
    assertEquals("crash-crashed", git(mirror, "branch", "--format=%(refname:short)").strip());
    Path crashedPool = base.resolve("pool").resolve(mirror.getFileName().toString().replace(".git", ""));
    List<String> crashedWarm = GitFixture.entries(crashedPool);
    assertEquals(1, crashedWarm.size(), "the crashed process's warm worktree is still there");

    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).build();
    GitSandbox live = factory.create(new SandboxRequest(WO, url, SandboxType.GIT_WORKTREE));
    try {
      // creating a worktree on the mirror reclaimed the crashed warm worktree, but not the crashed
      // work order's worktree: another JVM or worker on the disk may still take that one over
      assertEquals(java.util.Set.of(crashedWorktree.get(0), WO.value()),
          java.util.Set.copyOf(GitFixture.entries(base.resolve("worktrees"))));
      assertEquals("crash-crashed", git(mirror, "branch", "--format=%(refname:short)").strip(), "its branch kept with it");
      assertFalse(Files.exists(crashedPool.resolve(crashedWarm.get(0))), "the crashed warm worktree is gone");
      assertEquals(0, factory.worktreesTakenFromPool(), "another process's warm worktree is never used");
      assertTrue(factory.awaitWarmWorktrees(Duration.ofMinutes(2)));

      // the full sweep takes the crashed worktree with its branch and the crashed clone, and keeps the live worktree
      assertEquals(2, GitFixture.entries(base.resolve("branch")).size(), "clone and its owner file");
      assertEquals(2, factory.reclaimStaleSandboxes());
      assertEquals("", git(mirror, "branch", "--list").strip());
      // only once the pool's background 'git worktree add' is done (awaited above): a concurrent
      // 'worktree list' can read a half-written admin directory ("failed to read worktrees/…/commondir")
      assertFalse(git(mirror, "worktree", "list", "--porcelain").contains("crash"));
      assertEquals(List.of(), GitFixture.entries(base.resolve("branch")));
      assertEquals(List.of(WO.value()), GitFixture.entries(base.resolve("worktrees")));
      assertEquals(live.baseCommit(), live.headCommit());
      assertEquals(1, GitFixture.entries(crashedPool).size(), "this live process's warm worktree is kept");
    } finally {
      live.cleanUp();
      factory.close();
    }
    assertNothingLeft(base);
  }

  /** Nothing of any sandbox or mirror remains; the mirrors' lock files are kept on purpose. */
  static void assertNothingLeft(Path base) {
    assertEquals(List.of(), GitFixture.entries(base.resolve("branch")), "branch/");
    assertEquals(List.of(), GitFixture.entries(base.resolve("worktrees")), "worktrees/");
    List<String> mirrors = GitFixture.entries(base.resolve("mirrors"));
    assertTrue(mirrors.isEmpty() || mirrors.size() == 1 && isCleanMirror(base.resolve("mirrors").resolve(mirrors.get(0))),
        "mirrors/: " + mirrors);
    for (String entry : GitFixture.entries(base)) {
      assertTrue(List.of("branch", "worktrees", "mirrors", "locks").contains(entry), "unexpected " + entry);
    }
    GitFixture.entries(base.resolve("locks")).forEach(lock -> assertTrue(lock.endsWith(".lock"), lock));
  }

  private static boolean isCleanMirror(Path mirror) {
    return git(mirror, "worktree", "list", "--porcelain").strip().endsWith("bare")
        && git(mirror, "branch", "--list").isBlank();
  }

  /** Alive and not a zombie waiting to be reaped. */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
