package dev.awo.spi.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Processes whose owner JVM died are found by their environment tag and killed; live owners' are not")
@Timeout(60)
class DeadOwnerTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("a process left running by a JVM that died is killed by killProcessesOfDeadOwners()")
  void orphanOfADeadJvmIsKilled() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc")), "Linux only");
    Path pidFile = tmp.resolve("pid");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DeadOwnerMain.class.getName(), pidFile.toString()).inheritIO().start();
    assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, owner.exitValue(), "the owner JVM started its process and died");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> orphan = ProcessHandle.of(pid);
    assertTrue(orphan.isPresent() && orphan.get().isAlive(), "the orphan outlived its owner");
    try {
      assertTrue(ProcessRunner.create().killProcessesOfDeadOwners() >= 1);
      assertTrue(orphan.get().onExit().get(10, TimeUnit.SECONDS) != null);
      assertFalse(orphan.get().isAlive());
    } finally {
      orphan.get().destroyForcibly();
    }
  }

  @Test
  @DisplayName("a process of this live JVM is not touched")
  void liveOwnersProcessIsKept() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc")), "Linux only");
    Path pidFile = tmp.resolve("pid");
    Thread runner = new Thread(() -> ProcessRunner.create().run(ProcessSpec.builder("/bin/sh", "-c",
        "echo $$ > '" + pidFile + ".tmp' && mv '" + pidFile + ".tmp' '" + pidFile + "' && exec sleep 300")
        .timeout(java.time.Duration.ofSeconds(30)).build()));
    runner.start();
    for (int i = 0; i < 500 && !Files.exists(pidFile); i++) {
      Thread.sleep(20);
    }
    ProcessHandle mine = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
    try {
      ProcessRunner.create().killProcessesOfDeadOwners();
      assertTrue(mine.isAlive());
    } finally {
      runner.interrupt();
      runner.join(20_000);
    }
    assertFalse(mine.isAlive(), "interrupting the run killed it");
  }

  @Test
  @DisplayName("owner markers round-trip; this JVM is alive, a pid that runs no JVM started then is not")
  void ownerMarkers() {
    ProcessOwner me = ProcessOwner.current();
    assertEquals(Optional.of(me), ProcessOwner.parse(me.toString()));
    assertTrue(me.isAlive());
    assertFalse(new ProcessOwner(me.pid(), me.startMillis() - 3_600_000).isAlive(), "a reused pid");
    assertEquals(Optional.empty(), ProcessOwner.parse("awo-owner pid=x start=1"));
  }
}
