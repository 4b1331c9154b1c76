package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.KeptSandboxLimits;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runner's bounds on sandboxes kept under --serve")
class KeptSandboxOptionsTest {

  @Test
  @DisplayName("without the options the library's defaults apply")
  void defaults() {
    assertEquals(KeptSandboxLimits.DEFAULT, RunnerOptions.parse("--serve", "0").keptSandboxes());
  }

  @Test
  @DisplayName("count, idle time and disk are each configurable")
  void eachBoundIsConfigurable() {
    KeptSandboxLimits limits = RunnerOptions.parse(
        "--serve", "0", "--keep-sandboxes", "10", "--keep-idle", "4h", "--keep-disk", "5g").keptSandboxes();
    assertEquals(new KeptSandboxLimits(10, Duration.ofHours(4), 5L << 30), limits);
    assertEquals(500L << 20, RunnerOptions.parse("--serve=0", "--keep-disk=500M").keptSandboxes().maxBytes());
  }

  @Test
  @DisplayName("a bad value is a usage error naming the option")
  void badValuesAreRefused() {
    for (String[] bad : new String[][] {{"--keep-sandboxes", "0"}, {"--keep-sandboxes", "ten"},
        {"--keep-idle", "-1h"}, {"--keep-idle", "forever"}, {"--keep-disk", "5t"}, {"--keep-disk", "0g"}}) {
      UsageException e = assertThrows(UsageException.class, () -> RunnerOptions.parse("--serve", "0", bad[0], bad[1]));
      assertTrue(e.getMessage().startsWith(bad[0]), e.getMessage());
    }
  }

  @Test
  @DisplayName("the bounds without --serve are refused: only the server keeps sandboxes")
  void onlyWithServe() {
    UsageException e = assertThrows(UsageException.class, () -> RunnerOptions.parse("--keep-sandboxes", "3"));
    assertTrue(e.getMessage().contains("--serve"), e.getMessage());
  }
}
