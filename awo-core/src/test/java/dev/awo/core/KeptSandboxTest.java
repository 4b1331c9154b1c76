package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Kept sandboxes are bounded")
class KeptSandboxTest {
  @TempDir Path base;

  private static long kept(Harness h, List<WorkOrderId> ids) {
    return ids.stream().filter(id -> !h.sandboxes.cleanedUp(id)).count();
  }

  @Test
  @DisplayName("50 finished work orders with a cap of 10 leave the 10 most recently used sandboxes")
  void countCap() {
    Harness h = new Harness(base);
    List<WorkOrderId> ids = new ArrayList<>();
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP)
        .keptSandboxLimits(new KeptSandboxLimits(10, Duration.ofDays(1), Long.MAX_VALUE)).build()) {
      for (int i = 0; i < 50; i++) {
        ids.add(o.run(Harness.request()).id());
      }
      assertEquals(10, kept(h, ids));
      assertTrue(ids.subList(40, 50).stream().noneMatch(h.sandboxes::cleanedUp), "the last ten are kept");
      assertNull(o.workOrder(ids.get(0)).orElseThrow().sandboxPath(), "a removed sandbox's path is cleared");
      WorkOrderStateException gone = assertThrows(WorkOrderStateException.class, () -> o.prompt(ids.get(0), "hi"));
      assertTrue(gone.getMessage().contains("sandbox"), gone.getMessage());
      o.prompt(ids.get(40), "still here?"); // used now: the least recently used is another one
      o.run(Harness.request());
      assertTrue(!h.sandboxes.cleanedUp(ids.get(40)) && h.sandboxes.cleanedUp(ids.get(41)),
          "least recently used goes first");
    }
  }

  @Test
  @DisplayName("a sandbox unused for longer than the idle limit is removed when the next run ends")
  void idleLimit() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP)
        .keptSandboxLimits(new KeptSandboxLimits(100, Duration.ofMinutes(5), Long.MAX_VALUE)).build()) {
      WorkOrder first = o.run(Harness.request());
      h.clock.advance(Duration.ofMinutes(6));
      WorkOrder second = o.run(Harness.request());
      assertTrue(h.sandboxes.cleanedUp(first.id()));
      assertTrue(!h.sandboxes.cleanedUp(second.id()));
    }
  }

  @Test
  @DisplayName("kept sandboxes beyond the disk limit are removed, least recently used first")
  void diskLimit() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = h.builder().sandboxRetention(SandboxRetention.KEEP)
        .keptSandboxLimits(new KeptSandboxLimits(100, Duration.ofDays(1), 1)).build()) {
      WorkOrder first = o.run(Harness.request()); // its plan file alone is over one byte
      assertTrue(h.sandboxes.cleanedUp(first.id()));
    }
  }

  @Test
  @DisplayName("limits that make no sense are refused")
  void badLimits() {
    assertThrows(InvalidInputException.class, () -> new KeptSandboxLimits(0, Duration.ofDays(1), 10));
    assertThrows(InvalidInputException.class, () -> new KeptSandboxLimits(1, Duration.ZERO, 10));
    assertThrows(InvalidInputException.class, () -> new KeptSandboxLimits(1, Duration.ofDays(1), 0));
  }
}
