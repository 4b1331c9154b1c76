package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Git progress read with the real git from a sandbox as it changes, then from the record. */
@Timeout(60)
class WorkOrderGitProgressTest {
  @TempDir Path dir;

  private String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + ": " + out);
    }
    return out.strip();
  }

  private WorkOrder order(String base, String sandbox) {
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    return WorkOrder.builder(WorkOrderId.of("wo-1a2b3c4d"), "https://github.com/acme/widgets", "Add a flag")
        .createdAt(now).updatedAt(now).baseCommit(base).sandboxPath(sandbox).build();
  }

  @Test
  void followsTheSandboxThroughBranchChangesAndCommitsThenFallsBackToTheRecord() throws Exception {
    git("init", "-q", "-b", "main");
    Files.writeString(dir.resolve("README.md"), "hello\n");
    git("add", "-A");
    git("commit", "-q", "-m", "initial");
    String base = git("rev-parse", "HEAD");
    WorkOrderGitProgress reader = new WorkOrderGitProgress();
    WorkOrder order = order(base, dir.toString());

    WorkOrderGitProgress.Reading start = reader.read(order);
    assertEquals(GitPhase.NOT_STARTED, start.phase());
    assertEquals("sandbox", start.source());
    assertEquals(0, start.commits());
    assertEquals("main", start.branch());

    git("checkout", "-q", "-b", "feature-flag"); // same head, new branch
    assertEquals("feature-flag", reader.read(order).branch());

    Files.writeString(dir.resolve("Flag.java"), "class Flag {}\n");
    assertEquals(GitPhase.IMPLEMENTING, reader.read(order).phase(), "uncommitted work is implementing");

    git("add", "-A");
    git("commit", "-q", "-m", "test: cover the flag");
    WorkOrderGitProgress.Reading committed = reader.read(order);
    assertEquals(1, committed.commits());
    assertEquals(1, committed.filesChanged());
    assertEquals("test: cover the flag", committed.latestCommitMessage());
    assertEquals(GitPhase.TESTING, committed.phase());

    WorkOrder gone = order.toBuilder().sandboxPath(null).branchName("feature-flag").headCommit(git("rev-parse", "HEAD"))
        .diffStats(new DiffStats(1, 1, 0)).build();
    WorkOrderGitProgress.Reading recorded = reader.read(gone);
    assertEquals("recorded", recorded.source());
    assertEquals(1, recorded.commits());
    assertEquals(1, recorded.filesChanged());
    assertEquals("test: cover the flag", recorded.latestCommitMessage());

    WorkOrderGitProgress.Reading afterRestart = new WorkOrderGitProgress().read(gone);
    assertNull(afterRestart.commits(), "no reading, no record of the count: unknown, not a guess");
    assertEquals(1, afterRestart.filesChanged());
    assertEquals("feature-flag", afterRestart.branch());
  }
}
