package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Concurrent work orders")
class ConcurrencyTest {
  @TempDir Path base;

  @Test
  @DisplayName("50 work orders at once with 8 polling threads: no exceptions, monotonic views, all end terminal")
  @Timeout(120)
  void fiftyWorkOrdersEightPollers() throws Exception {
    Harness harness = new Harness(base.resolve("run"));
    harness.agent.hook(r -> {
      // a failure for every 5th work order at its commit step, so both endings are exercised
      if (r.step().equals("commit") && Integer.parseInt(r.workOrderId().value().substring(3), 16) % 5 == 0) {
        throw new IllegalStateException("scripted agent crash");
      }
    });
    ExecutorService pollers = Executors.newFixedThreadPool(8);
    AtomicBoolean polling = new AtomicBoolean(true);
    try (WorkflowOrchestrator orchestrator = harness.builder().maxConcurrentWorkOrders(8).build()) {
      List<WorkOrderId> ids = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ids.add(orchestrator.submit(Harness.request()));
      }
      List<Future<String>> results = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        results.add(pollers.submit(() -> {
          Map<WorkOrderId, Long> lastSeen = new HashMap<>();
          while (polling.get()) {
            for (WorkOrderId id : ids) {
              StepHistory seen = orchestrator.stepHistory(id);
              long before = lastSeen.getOrDefault(id, 0L);
              if (seen.version() < before) {
                return id + " went from version " + before + " to " + seen.version();
              }
              if (seen.size() != seen.version()) {
                return id + " had " + seen.size() + " results at version " + seen.version();
              }
              lastSeen.put(id, seen.version());
              orchestrator.workOrder(id).orElseThrow();
            }
            orchestrator.workOrders(WorkOrderStatus.RUNNING);
          }
          return null;
        }));
      }
      for (WorkOrderId id : ids) {
        IncrementalSaveTest.awaitTerminal(orchestrator, id);
      }
      polling.set(false);
      for (Future<String> r : results) {
        assertEquals(null, r.get(30, TimeUnit.SECONDS));
      }
      int completed = 0;
      for (WorkOrderId id : ids) {
        WorkOrder order = orchestrator.workOrder(id).orElseThrow();
        assertTrue(order.status().isTerminal());
        long expected = order.status() == WorkOrderStatus.COMPLETED ? 7 : 6;
        assertEquals(expected, orchestrator.stepHistory(id).version(), id + " " + order.status());
        completed += order.status() == WorkOrderStatus.COMPLETED ? 1 : 0;
      }
      assertEquals(40, completed);
    } finally {
      polling.set(false);
      pollers.shutdownNow();
    }
  }
}
