package dev.awo.git;

import static dev.awo.git.GitFixture.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.DiffStats;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many work orders on one repository at once: threads in one JVM, and separate JVMs. */
class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("8 work orders on the same repository at once through worktree sandboxes all succeed")
  void eightConcurrentWorkOrdersInOneJvm() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base")).build();
    int orders = 8;
    ExecutorService pool = Executors.newFixedThreadPool(orders);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<DiffStats>> results = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      int n = i;
      results.add(pool.submit(() -> {
        start.await();
        GitSandbox sandbox = factory.create(new SandboxRequest(
            WorkOrderId.of(String.format("wo-0000%04x", n)), remote.toUri().toString(), SandboxType.GIT_WORKTREE));
        try {
          git(sandbox.workingDirectory(), "checkout", "-q", "-b", "feat/order-" + n);
          GitFixture.write(sandbox.workingDirectory().resolve("order-" + n + ".txt"), "order " + n + "\n");
          sandbox.commitAll("feat: order " + n);
          sandbox.pushBranch("feat/order-" + n);
          return sandbox.diffStats();
        } finally {
          sandbox.cleanUp();
        }
      }));
    }
    start.countDown();
    try {
      for (Future<DiffStats> result : results) {
        assertEquals(new DiffStats(1, 1, 0), result.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdown();
      factory.close();
    }
    for (int i = 0; i < orders; i++) {
      git(remote, "rev-parse", "--verify", "refs/heads/feat/order-" + i);
    }
    Path base = factory.baseDirectory();
    assertEquals(List.of(), GitFixture.entries(base.resolve("worktrees")));
    Path mirror = GitSandboxTest.onlyMirror(base);
    assertEquals("", git(mirror, "branch", "--list").strip());
  }

  @Test
  @DisplayName("two JVMs running work orders against the same mirror at once both succeed")
  void twoJvmsShareOneMirror() throws Exception {
    Path remote = GitFixture.bareRemote(tmp, "remote", "trunk");
    Path base = tmp.resolve("base");
    Files.createDirectories(base);
    Worker first = Worker.start(base, remote.toUri().toString(), "jvm-a", "work");
    Worker second = Worker.start(base, remote.toUri().toString(), "jvm-b", "work");
    assertTrue(first.awaitSuccess().contains("OK jvm-a"));
    assertTrue(second.awaitSuccess().contains("OK jvm-b"));
    for (String branch : List.of("jvm-a-0", "jvm-a-1", "jvm-a-2", "jvm-b-0", "jvm-b-1", "jvm-b-2")) {
      git(remote, "rev-parse", "--verify", "refs/heads/" + branch);
    }
    assertEquals(List.of(), GitFixture.entries(base.resolve("worktrees")));
    assertEquals(1, GitFixture.entries(base.resolve("mirrors")).size());
  }
}
