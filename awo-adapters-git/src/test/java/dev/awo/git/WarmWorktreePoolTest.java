package dev.awo.git;

import static dev.awo.git.GitFixture.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.DiffStats;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.SandboxRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Warm worktrees: taken when ready, equal to a fresh checkout, never shared, never leaking. */
class WarmWorktreePoolTest {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path tmp;
  private final List<GitSandboxFactory> factories = new ArrayList<>();

  @AfterEach
  void closeFactories() {
    factories.forEach(GitSandboxFactory::close);
  }

  private GitSandboxFactory factory(int warm, CountingLauncher launcher) {
    GitSandboxFactory factory = GitSandboxFactory.builder()
        .baseDirectory(tmp.resolve("base"))
        .warmWorktrees(warm)
        .processLauncher(launcher)
        .build();
    factories.add(factory);
    return factory;
  }

  private static SandboxRequest request(int n, Path remote) {
    return new SandboxRequest(WorkOrderId.of(String.format("wo-0000%04x", n)), remote.toUri().toString(),
        SandboxType.GIT_WORKTREE);
  }

  @Test
  @DisplayName("the second work order takes the warm worktree, without a worktree add, and sees exactly the new tip")
  void secondWorkOrderTakesTheWarmWorktree() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    CountingLauncher launcher = new CountingLauncher();
    GitSandboxFactory factory = factory(1, launcher);
    GitSandbox first = factory.create(request(1, remote));
    first.cleanUp();
    assertTrue(factory.awaitWarmWorktrees(WAIT));
    assertEquals(1, pool(factory).size(), "one warm worktree is ready");
    // the remote moves on: a changed file, a new file in a new directory, a deleted file
    String newTip = moveRemoteOn(remote, "trunk");

    GitSandbox second = factory.create(request(2, remote));
    try {
      assertEquals(1, factory.worktreesTakenFromPool());
      Path work = second.workingDirectory();
      assertTrue(launcher.commands.stream().noneMatch(c -> c.contains("add") && c.contains(work.toString())),
          "no worktree add for the work order's own directory");
      assertEquals(newTip, second.baseCommit());
      assertEquals(newTip, second.headCommit());
      assertEquals(Optional.empty(), second.currentBranch(), "detached, like any worktree sandbox");
      assertEquals(snapshot(freshCheckout(remote, "trunk")), snapshot(work), "same files, same content");
      assertEquals("", git(work, "status", "--porcelain", "--untracked-files=all", "--ignored"));
      Path mirror = GitSandboxTest.onlyMirror(factory.baseDirectory());
      String listing = git(mirror, "worktree", "list", "--porcelain");
      assertTrue(listing.contains("worktree " + work + "\nHEAD " + newTip + "\ndetached\nlocked awo-owner pid="
          + ProcessHandle.current().pid() + " "), listing);

      // the agent works in it as in any sandbox
      git(work, "checkout", "-q", "-b", "feat/pooled");
      GitFixture.write(work.resolve("pooled.txt"), "from the pool\n");
      second.commitAll("feat: pooled");
      second.pushBranch("feat/pooled");
      assertEquals(new DiffStats(1, 1, 0), second.diffStats());
    } finally {
      second.cleanUp();
    }
    assertEquals(List.of(), GitFixture.entries(factory.baseDirectory().resolve("worktrees")));
    assertEquals("", git(GitSandboxTest.onlyMirror(factory.baseDirectory()), "branch", "--list").strip());
  }

  @Test
  @DisplayName("with warm worktrees disabled nothing is prepared and every sandbox is made with worktree add")
  void disabledPoolKeepsTodaysBehaviour() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    CountingLauncher launcher = new CountingLauncher();
    GitSandboxFactory factory = factory(0, launcher);
    for (int n = 1; n <= 2; n++) {
      GitSandbox sandbox = factory.create(request(n, remote));
      Path work = sandbox.workingDirectory();
      assertTrue(launcher.commands.stream().anyMatch(c -> c.contains("add") && c.contains(work.toString())));
      sandbox.cleanUp();
      assertTrue(factory.awaitWarmWorktrees(WAIT));
    }
    assertEquals(0, factory.worktreesTakenFromPool());
    assertFalse(Files.exists(factory.baseDirectory().resolve("pool")));
    assertTrue(launcher.commands.stream().noneMatch(c -> c.toString().contains("/pool/")));
    FailureAndRecoveryTest.assertNothingLeft(factory.baseDirectory());
  }

  @Test
  @DisplayName("warmWorktrees accepts 0 to 8 and refuses anything else")
  void sizeIsValidated() {
    for (int bad : new int[] {-1, 9, 100}) {
      InvalidInputException refused = assertThrows(InvalidInputException.class,
          () -> GitSandboxFactory.builder().warmWorktrees(bad));
      assertTrue(refused.getMessage().contains("warmWorktrees"), refused.getMessage());
    }
    GitSandboxFactory.builder().warmWorktrees(0).warmWorktrees(8);
  }

  @Test
  @DisplayName("8 concurrent work orders with warm worktrees ready all succeed and never share a worktree")
  void concurrentWorkOrdersNeverShareAWarmWorktree() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    GitSandboxFactory factory = factory(4, new CountingLauncher());
    factory.create(request(0x100, remote)).cleanUp();
    assertTrue(factory.awaitWarmWorktrees(WAIT));
    assertEquals(4, pool(factory).size());
    int orders = 8;
    ExecutorService threads = Executors.newFixedThreadPool(orders);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch allCreated = new CountDownLatch(orders);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      int n = i;
      results.add(threads.submit(() -> {
        start.await();
        GitSandbox sandbox = factory.create(request(n, remote));
        try {
          allCreated.countDown();
          assertTrue(allCreated.await(2, TimeUnit.MINUTES), "all sandboxes exist at once");
          Path work = sandbox.workingDirectory();
          git(work, "checkout", "-q", "-b", "feat/order-" + n);
          GitFixture.write(work.resolve("order-" + n + ".txt"), "order " + n + "\n");
          sandbox.commitAll("feat: order " + n);
          sandbox.pushBranch("feat/order-" + n);
          assertEquals(new DiffStats(1, 1, 0), sandbox.diffStats());
          assertEquals("", git(work, "status", "--porcelain", "--untracked-files=all"));
          return git(work, "rev-parse", "--absolute-git-dir").strip() + " " + work;
        } finally {
          sandbox.cleanUp();
        }
      }));
    }
    start.countDown();
    Set<String> adminDirectories = new HashSet<>();
    Set<String> workDirectories = new HashSet<>();
    try {
      for (Future<String> result : results) {
        String[] parts = result.get(3, TimeUnit.MINUTES).split(" ");
        adminDirectories.add(parts[0]);
        workDirectories.add(parts[1]);
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(orders, adminDirectories.size(), "each work order had a worktree of its own: " + adminDirectories);
    assertEquals(orders, workDirectories.size());
    assertTrue(factory.worktreesTakenFromPool() >= 4, "the 4 ready ones were taken: " + factory.worktreesTakenFromPool());
    assertEquals(0, factory.warmWorktreesDiscarded());
    for (int i = 0; i < orders; i++) {
      git(remote, "rev-parse", "--verify", "refs/heads/feat/order-" + i);
    }
    factory.close();
    FailureAndRecoveryTest.assertNothingLeft(factory.baseDirectory());
  }

  @Test
  @DisplayName("close() stops the background work and removes the warm worktrees; creating still works afterwards")
  void closeRemovesWarmWorktrees() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    GitSandboxFactory factory = factory(2, new CountingLauncher());
    factory.create(request(1, remote)).cleanUp();
    assertTrue(factory.awaitWarmWorktrees(WAIT));
    assertEquals(2, pool(factory).size());
    Path mirror = GitSandboxTest.onlyMirror(factory.baseDirectory());
    assertEquals(3, git(mirror, "worktree", "list").lines().count(), "the mirror and two warm worktrees");

    factory.close();
    factory.close();

    assertFalse(Files.exists(factory.baseDirectory().resolve("pool")));
    FailureAndRecoveryTest.assertNothingLeft(factory.baseDirectory());
    GitSandbox after = factory.create(request(2, remote));
    assertEquals(0, factory.worktreesTakenFromPool());
    after.cleanUp();
    assertTrue(factory.awaitWarmWorktrees(WAIT));
    FailureAndRecoveryTest.assertNothingLeft(factory.baseDirectory());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"untracked file", "ignored file", "missing .git file", "foreign lock", "unlocked",
      "broken administrative directory"})
  @DisplayName("a tampered warm worktree is discarded and the work order still gets a correct sandbox")
  void tamperedWarmWorktreeIsDiscarded(String damage) throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    GitFixture.pushCommit(remote, "trunk", ".gitignore", "*.log\n");
    GitSandboxFactory factory = factory(1, new CountingLauncher());
    factory.create(request(1, remote)).cleanUp();
    assertTrue(factory.awaitWarmWorktrees(WAIT));
    Path entry = pool(factory).get(0);
    Path admin = Path.of(Files.readString(entry.resolve(".git")).strip().substring("gitdir: ".length()));
    switch (damage) {
      case "untracked file" -> GitFixture.write(entry.resolve("left-over.txt"), "secret of another order\n");
      case "ignored file" -> GitFixture.write(entry.resolve("build/output.log"), "ignored but present\n");
      case "missing .git file" -> Files.delete(entry.resolve(".git"));
      case "foreign lock" -> Files.writeString(admin.resolve("locked"), "awo-owner pid=1 start=0");
      case "unlocked" -> Files.delete(admin.resolve("locked"));
      case "broken administrative directory" -> Files.delete(admin.resolve("HEAD"));
      default -> throw new IllegalArgumentException(damage);
    }
    String newTip = moveRemoteOn(remote, "trunk");

    GitSandbox sandbox = factory.create(request(2, remote));
    try {
      assertEquals(0, factory.worktreesTakenFromPool());
      assertEquals(1, factory.warmWorktreesDiscarded());
      assertFalse(Files.exists(entry), "the tampered warm worktree was removed");
      Path work = sandbox.workingDirectory();
      assertEquals(newTip, sandbox.headCommit());
      assertEquals(Optional.empty(), sandbox.currentBranch());
      assertEquals(snapshot(freshCheckout(remote, "trunk")), snapshot(work));
      assertEquals("", git(work, "status", "--porcelain", "--untracked-files=all", "--ignored"));
    } finally {
      sandbox.cleanUp();
    }
    assertTrue(factory.awaitWarmWorktrees(WAIT));
    factory.close();
    FailureAndRecoveryTest.assertNothingLeft(factory.baseDirectory());
  }

  /** The warm worktree directories of the only mirror. */
  private static List<Path> pool(GitSandboxFactory factory) {
    Path pools = factory.baseDirectory().resolve("pool");
    List<String> keys = GitFixture.entries(pools);
    assertEquals(1, keys.size(), "one mirror's pool: " + keys);
    return GitFixture.entries(pools.resolve(keys.get(0))).stream().map(e -> pools.resolve(keys.get(0)).resolve(e)).toList();
  }

  private Path cloneOf(Path remote, String branch) {
    try {
      Path work = Files.createTempDirectory(tmp, "move-");
      git(tmp, "clone", "-q", "-b", branch, remote.toString(), work.toString());
      return work;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Changes README.md, adds lib/Util.java, deletes src/App.java on {@code branch}; returns the new tip. */
  private String moveRemoteOn(Path remote, String branch) {
    Path work = cloneOf(remote, branch);
    GitFixture.write(work.resolve("README.md"), "# changed\n");
    GitFixture.write(work.resolve("lib/Util.java"), "class Util {}\n");
    git(work, "rm", "-q", "src/App.java");
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "move on");
    git(work, "push", "-q", "origin", branch);
    String tip = git(work, "rev-parse", "HEAD").strip();
    assertNotEquals("", tip);
    return tip;
  }

  private Path freshCheckout(Path remote, String branch) {
    Path fresh = tmp.resolve("fresh-" + System.nanoTime());
    git(tmp, "clone", "-q", "-b", branch, remote.toString(), fresh.toString());
    return fresh;
  }

  /** Every file below {@code dir} except git's own, with its content. */
  private static Map<String, String> snapshot(Path dir) {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        String rel = dir.relativize(p).toString();
        if (rel.isEmpty() || rel.equals(".git") || rel.startsWith(".git/")) {
          continue;
        }
        files.put(rel, Files.isDirectory(p) ? "<dir>" : Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
