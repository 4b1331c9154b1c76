package dev.awo.spi.testkit;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Values for awo-spi's own tests (the kit's public TestValues live in awo-testkit): ids, step results, histories. */
public final class TestValues {
  private static final AtomicInteger NEXT_ID = new AtomicInteger(0x7000_0000);
  public static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private TestValues() {}

  /** A work order id no other test uses in this JVM. */
  public static WorkOrderId newId() {
    return WorkOrderId.of(String.format("wo-%08x", NEXT_ID.incrementAndGet()));
  }

  /** A result for step {@code n} (0-based) with every optional field set. */
  public static StepResult result(int n) {
    boolean ok = n % 5 != 4;
    StepResult.Builder b = StepResult.builder("step_" + n, T0.plusSeconds(n))
        .agentName("agent_" + n)
        .duration(Duration.ofMillis(100L + n))
        .attempt(1 + n % 3)
        .sessionId("session-" + n)
        .costUsd(new BigDecimal("0.0" + (n % 10) + "25"))
        .tokenUsage(new TokenUsage(10 + n, 20 + n, 3, 4))
        .turns(n % 7)
        .data(Map.of("field", "value " + n));
    return ok ? b.succeeded("output of step " + n + " with unicode ✓ and \"quotes\"").build()
        : b.failed("step " + n + " failed: reasons").build();
  }

  /** A history of {@code size} results built by appending. */
  public static StepHistory history(WorkOrderId id, int size) {
    StepHistory h = StepHistory.empty(id);
    for (int i = 0; i < size; i++) {
      h = h.append(result(i));
    }
    return h;
  }

  /** A pending work order created at {@code T0 + seconds}. */
  public static WorkOrder workOrder(WorkOrderId id, long seconds) {
    return WorkOrder.builder(id, "https://github.com/acme/widgets", "Add a --verbose flag to " + id)
        .createdAt(T0.plusSeconds(seconds)).status(WorkOrderStatus.PENDING).build();
  }
}
