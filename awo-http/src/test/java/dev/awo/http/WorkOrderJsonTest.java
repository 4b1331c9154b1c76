package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The work order's JSON shows the request's own budget as it was sent, and null without one. */
class WorkOrderJsonTest {
  private static WorkOrder.Builder order() {
    return WorkOrder.builder(WorkOrderId.of("wo-0000beef"), "https://github.com/acme/widgets", "Add a flag")
        .status(WorkOrderStatus.RUNNING).createdAt(Instant.parse("2026-01-01T10:00:00Z"));
  }

  @Test
  void aRequestBudgetIsShownWithTheLimitsItSetAndNullForTheOthers() {
    JsonNode both = WorkOrderJson.workOrder(order().maxCostUsd(new BigDecimal("2.50")).maxTurns(40).build()).get("budget");
    assertEquals(0, new BigDecimal("2.5").compareTo(both.get("max_cost_usd").decimalValue()));
    assertEquals(40, both.get("max_turns").intValue());
    JsonNode turns = WorkOrderJson.workOrder(order().maxTurns(3).build()).get("budget");
    assertTrue(turns.get("max_cost_usd").isNull());
    assertEquals(3, turns.get("max_turns").intValue());
  }

  @Test
  void noRequestBudgetIsNull() {
    JsonNode json = WorkOrderJson.workOrder(order().build());
    assertTrue(json.has("budget") && json.get("budget").isNull());
  }
}
