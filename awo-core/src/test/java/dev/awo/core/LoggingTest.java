package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads what slf4j-simple (the test binding, level INFO, writing to System.err) prints for a
 * whole default run. Runs with the orchestrator's threads of this test only.
 */
@DisplayName("Logging of a run")
class LoggingTest {
  @TempDir Path base;

  @Test
  @DisplayName("a 7-step work order logs one INFO line when it starts and one when it ends, each with its id as a key-value pair")
  void oneInfoLineAtStartAndEnd() {
    Harness h = new Harness(base);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    WorkOrder done;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (WorkflowOrchestrator o = h.builder().build()) {
      done = o.run(Harness.request());
    } finally {
      System.setErr(original);
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    List<String> lines = Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains(" ERROR ")).toList();
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).endsWith("agent_work_order_started"), lines.get(0));
    assertTrue(lines.get(1).endsWith("agent_work_order_completed"), lines.get(1));
    for (String line : lines) {
      assertTrue(line.contains("agent_work_order_id=" + done.id().value()), line);
    }
  }
}
