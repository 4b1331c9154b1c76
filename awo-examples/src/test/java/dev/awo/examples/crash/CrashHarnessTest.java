package dev.awo.examples.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.awo.domain.SandboxType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash proof of issue 11: a host killed with SIGKILL at each of the seven step boundaries and
 * in the middle of a step, then restarted on the same store and work directory, loses no saved step,
 * runs no step twice, leaves no work order unfinished, no process of the dead host running and no
 * sandbox behind. On a file-backed H2 store always, on PostgreSQL when {@code AWO_TEST_PG_URL} is set
 * ({@code AWO_REQUIRE_POSTGRES=1} makes that required). The figures are printed for the notes.
 */
@DisplayName("Crash harness: kill -9 at every step boundary and inside a step, then a restart on the same store")
class CrashHarnessTest {
  private static final int WORK_ORDERS_PER_ROUND = 2;

  @TempDir Path tmp;

  @Test
  @Timeout(600)
  @DisplayName("file-backed H2")
  void h2() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc")), "kills and counts processes through /proc (Linux)");
    check("h2", new CrashHarness(tmp, null));
  }

  @Test
  @Timeout(600)
  @DisplayName("PostgreSQL (AWO_TEST_PG_URL)")
  void postgres() throws Exception {
    String url = System.getenv("AWO_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("1".equals(System.getenv("AWO_REQUIRE_POSTGRES"))) {
        fail("AWO_REQUIRE_POSTGRES=1 but AWO_TEST_PG_URL is not set");
      }
      assumeTrue(false, "AWO_TEST_PG_URL not set");
    }
    assumeTrue(Files.isDirectory(Path.of("/proc")), "kills and counts processes through /proc (Linux)");
    check("postgresql", new CrashHarness(tmp, url));
  }

  private static void check(String label, CrashHarness harness) throws Exception {
    CrashHarness.Figures total = CrashHarness.Figures.none();
    int round = 0;
    for (String trigger : CrashHarness.TRIGGERS) {
      SandboxType type = round++ % 2 == 0 ? SandboxType.GIT_BRANCH : SandboxType.GIT_WORKTREE;
      CrashHarness.Figures figures = harness.round(trigger, type, WORK_ORDERS_PER_ROUND);
      System.out.println("  " + trigger + " (" + type.wireName() + "): " + figures.describe(label));
      total = total.plus(figures);
    }
    System.out.println(total.describe(label));
    assertEquals(0, total.savedStepsLost(), total.describe(label));
    assertEquals(0, total.stepsDuplicated(), total.describe(label));
    assertEquals(0, total.zombies(), total.describe(label));
    assertEquals(0, total.orphanProcesses(), total.describe(label));
    assertEquals(0, total.sandboxesLeft(), total.describe(label));
    assertTrue(total.crashed() >= CrashHarness.TRIGGERS.size(), "every round crashed a work order: " + total.describe(label));
    assertEquals(total.crashed(), total.completedAfterResuming(), "every crashed work order completed after resuming: "
        + total.describe(label));
    assertTrue(total.orphansKilledAtRestart() >= 1, "the agent process of the crash inside a step was killed: "
        + total.describe(label));
  }
}
