package dev.awo.github.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProgressRenderer")
class ProgressRendererTest {
  static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");
  static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
  final ProgressRenderer renderer = new ProgressRenderer(List.of("classify", "plan", "implement"));
  final WorkOrder running = WorkOrder.builder(ID, "acme/widgets", "x").issueNumber(1).createdAt(T).build()
      .withStatus(WorkOrderStatus.RUNNING, T);

  @Test
  @DisplayName("lists every step, ticks the saved ones and marks the running one")
  void checklist() {
    StepHistory history = StepHistory.empty(ID).append(ok("classify", 1500));
    String body = renderer.render(new ProgressState(ID, running, history, "plan"));

    assertTrue(body.contains("- [x] `classify` (1.5 s)\n- [ ] `plan` — running…\n- [ ] `implement`\n"), body);
    assertFalse(body.contains("Cost"), body);
  }

  @Test
  @DisplayName("a retried step shows its latest attempt")
  void retriedStep() {
    StepResult first = StepResult.builder("plan", T).failed("flaky").duration(Duration.ofSeconds(1)).build();
    StepResult second = StepResult.builder("plan", T).succeeded("ok").attempt(2).duration(Duration.ofSeconds(2)).build();
    String body = renderer.render(new ProgressState(ID, running, StepHistory.empty(ID).append(first).append(second), null));

    assertTrue(body.contains("- [x] `plan` (2.0 s, attempt 2)"), body);
  }

  @Test
  @DisplayName("steps outside the configured list are shown after it, and unknown cost says so")
  void extraStepsAndUnknownCost() {
    StepHistory history = StepHistory.empty(ID).append(ok("lint", 10));
    String body = renderer.render(new ProgressState(ID, running.withStatus(WorkOrderStatus.COMPLETED, T), history, null));

    assertTrue(body.contains("- [ ] `implement`\n- [x] `lint` (10 ms)"), body);
    assertTrue(body.contains("**Cost:** unknown"), body);
  }

  @Test
  @DisplayName("durations and dollars are formatted for people")
  void formats() {
    assertEquals("999 ms", ProgressRenderer.duration(Duration.ofMillis(999)));
    assertEquals("59.9 s", ProgressRenderer.duration(Duration.ofMillis(59_900)));
    assertEquals("2 min 5 s", ProgressRenderer.duration(Duration.ofSeconds(125)));
    assertEquals("$0.0123", ProgressRenderer.dollars(new BigDecimal("0.01234")));
    assertEquals("$1.50", ProgressRenderer.dollars(new BigDecimal("1.5")));
  }

  @Test
  @DisplayName("errors are one short, redacted line that cannot break the code span")
  void shortErrors() {
    String error = ProgressRenderer.shortError("bad `token` sk-ant-api03-abcdefghijkl " + "x".repeat(500) + "\nmore");
    assertFalse(error.contains("sk-ant-api03-abcdefghijkl"), error);
    assertFalse(error.contains("`"), error);
    assertFalse(error.contains("\n"), error);
    assertTrue(error.length() <= ProgressRenderer.MAX_ERROR_CHARS + 1, error);
  }

  private static StepResult ok(String step, long ms) {
    return StepResult.builder(step, T).succeeded("ok").duration(Duration.ofMillis(ms)).build();
  }
}
