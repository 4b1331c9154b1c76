package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Entity tags: what changes them, and If-None-Match as RFC 9110 compares it. */
class ETagsTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private static final WorkOrder ORDER = WorkOrder.builder(WorkOrderId.of("wo-1a2b3c4d"),
      "https://github.com/acme/widgets", "Add a flag").createdAt(T).updatedAt(T).build();
  private static final StepHistory EMPTY = StepHistory.empty(ORDER.id());

  @Test
  void aChangeWithAClockThatDidNotMoveStillChangesTheTag() {
    String before = ETags.workOrder(ORDER, EMPTY);
    assertEquals(before, ETags.workOrder(ORDER.toBuilder().build(), EMPTY), "same state, same tag");
    assertNotEquals(before, ETags.workOrder(ORDER.withCurrentStep("plan", T), EMPTY));
    assertNotEquals(before, ETags.workOrder(ORDER.withStatus(WorkOrderStatus.RUNNING, T), EMPTY));
    assertNotEquals(before, ETags.workOrder(ORDER.toBuilder().updatedAt(T.plusNanos(1)).build(), EMPTY));
  }

  @Test
  void ifNoneMatchComparesWeaklyAcceptsListsAndStar() {
    String tag = ETags.steps(EMPTY);
    assertTrue(ETags.matches(tag, tag));
    assertTrue(ETags.matches("W/" + tag, tag));
    assertTrue(ETags.matches("\"x\", " + tag, tag));
    assertTrue(ETags.matches("*", tag));
    assertFalse(ETags.matches("\"x\"", tag));
    assertFalse(ETags.matches(null, tag));
    assertFalse(ETags.matches("", tag));
    assertFalse(ETags.matches(tag.replace("\"", ""), tag), "an unquoted value is not the tag");
  }

  @Test
  void gitProgressChangesWithTheSandboxStateAndListsWithTheirMembers() {
    assertNotEquals(ETags.gitProgress(ORDER, EMPTY, "abc.0.main"), ETags.gitProgress(ORDER, EMPTY, "abc.1.main"));
    assertEquals(ETags.gitProgress(ORDER, EMPTY, "abc.0.main"), ETags.gitProgress(ORDER, EMPTY, "abc.0.main"));
    String one = ETags.list(java.util.List.of(ORDER), null);
    assertNotEquals(one, ETags.list(java.util.List.of(), null));
    assertNotEquals(one, ETags.list(java.util.List.of(ORDER), "running"), "a filtered list has its own tag");
    assertNotEquals(one, ETags.list(java.util.List.of(ORDER.withStatus(WorkOrderStatus.RUNNING, T)), null));
    assertTrue(one.matches("\"[A-Za-z0-9._-]+\""), one);
  }
}
