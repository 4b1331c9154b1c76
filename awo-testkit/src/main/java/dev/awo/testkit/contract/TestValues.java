package dev.awo.testkit.contract;

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

/**
 * Values for the contract kits, also handy in a host's own repository tests: ids no other test uses,
 * step results with every field set (including nanoseconds a millisecond column would lose),
 * histories of any length whose contents differ per work order, and work orders.
 *
 * <pre>{@code
 * StepHistory seven = TestValues.history(TestValues.newId(), 7);
 * }</pre>
 *
 * <p>Stateless apart from an atomic id counter; thread-safe.
 */
public final class TestValues {
  private static final AtomicInteger NEXT_ID = new AtomicInteger(0x7000_0000);

  /** The instant test values count from; it has a nanosecond part on purpose. */
  public static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456789Z");

  /** Text a byte-oriented or BMP-only store mangles: accents, CJK, an emoji and a clef (astral planes), quotes. */
  public static final String AWKWARD_TEXT = "ünïcødé ✓ 漢字 🚀 𝄞 \"double\" 'single' back\\slash tab\tnewline\nend";

  private TestValues() {}

  /** A work order id no other test in this JVM uses. */
  public static WorkOrderId newId() {
    return WorkOrderId.of(String.format("wo-%08x", NEXT_ID.incrementAndGet()));
  }

  /** A result for step {@code n} (0-based) with every optional field set; every fifth one failed. */
  public static StepResult result(int n) {
    return result(null, n);
  }

  /**
   * Like {@link #result(int)}, with the work order's id in the texts, so that two work orders'
   * histories of the same length differ.
   */
  public static StepResult result(WorkOrderId owner, int n) {
    String of = owner == null ? "" : " of " + owner.value();
    boolean ok = n % 5 != 4;
    StepResult.Builder b = StepResult.builder("step_" + n, T0.plusSeconds(n).plusNanos(n))
        .agentName("agent_" + n)
        .duration(Duration.ofMillis(100L + n).plusNanos(7))
        .attempt(1 + n % 3)
        .sessionId("session-" + n + of)
        .costUsd(new BigDecimal("0.0" + (n % 10) + "25"))
        .tokenUsage(new TokenUsage(10 + n, 20 + n, 3, 4))
        .turns(n % 7)
        .data(Map.of("field", "value " + n + of))
        .headCommit(n % 2 == 0 ? String.format("%040x", n + 1) : null);
    return ok ? b.succeeded("output of step " + n + of + " with unicode ✓ and \"quotes\"").build()
        : b.failed("step " + n + of + " failed: reasons").build();
  }

  /** A history of {@code size} results built by appending {@link #result(WorkOrderId, int)}. */
  public static StepHistory history(WorkOrderId id, int size) {
    StepHistory h = StepHistory.empty(id);
    for (int i = 0; i < size; i++) {
      h = h.append(result(id, i));
    }
    return h;
  }

  /** A pending work order created at {@code T0 + seconds}, with only the required fields. */
  public static WorkOrder workOrder(WorkOrderId id, long seconds) {
    return WorkOrder.builder(id, "https://github.com/acme/widgets", "Add a --verbose flag to " + id)
        .createdAt(T0.plusSeconds(seconds)).status(WorkOrderStatus.PENDING).build();
  }

  /** {@code length} characters of text, a line of a made-up agent transcript repeated. */
  public static String longText(int length) {
    String line = "agent line 🚀 with ünïcødé and an astral 𝄞 clef\n";
    StringBuilder text = new StringBuilder(length + line.length());
    while (text.length() < length) {
      text.append(line);
    }
    text.setLength(length);
    if (Character.isHighSurrogate(text.charAt(length - 1))) {
      text.setCharAt(length - 1, '.');
    }
    return text.toString();
  }
}
