package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.core.WorkOrderIdGenerator;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two orchestrators on one database whose id generators count from the same start (as two hosts
 * restarted with a seeded or counting generator would): every id they draw, the other draws too.
 * Each work order must keep its own row and its own history; none may overwrite another.
 */
@DisplayName("Two orchestrators drawing the same ids on one JDBC store")
class SharedIdsTest {
  private static final int SUBMISSIONS = 24;

  private static WorkflowOrchestrator orchestrator(TestDatabases.Scratch db) {
    return IdempotentSubmitTest.proofOrchestrator(db).idGenerator(WorkOrderIdGenerator.sequential()).build();
  }

  @Test
  @Timeout(120)
  @DisplayName("H2: 24 submissions at once, 24 work orders, each with its own request and one saved step")
  void h2() throws Exception {
    try (TestDatabases.Scratch db = TestDatabases.Scratch.h2()) {
      submitAtOnce(db);
    }
  }

  @Test
  @Timeout(120)
  @DisplayName("PostgreSQL: 24 submissions at once, 24 work orders, each with its own request and one saved step")
  void postgres() throws Exception {
    TestDatabases.postgresUrl();
    try (TestDatabases.Scratch db = TestDatabases.Scratch.postgres()) {
      submitAtOnce(db);
    }
  }

  private static void submitAtOnce(TestDatabases.Scratch db) throws Exception {
    try (WorkflowOrchestrator a = orchestrator(db); WorkflowOrchestrator b = orchestrator(db)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Map<WorkOrderId, String> requested = new TreeMap<>();
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WorkOrder>> submitters = new ArrayList<>();
        for (int i = 0; i < SUBMISSIONS; i++) {
          WorkflowOrchestrator o = i % 2 == 0 ? a : b;
          String text = "request " + i;
          submitters.add(pool.submit(() -> {
            go.await();
            WorkOrderId id = o.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", text)
                .workflow("proof").build());
            return o.completion(id).get(60, TimeUnit.SECONDS);
          }));
        }
        go.countDown();
        for (Future<WorkOrder> submitter : submitters) {
          WorkOrder done = submitter.get(90, TimeUnit.SECONDS);
          assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
          assertEquals(null, requested.put(done.id(), done.userRequest()), "a second submission answered " + done.id());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(SUBMISSIONS, requested.size(), "distinct ids answered");
      assertEquals(SUBMISSIONS, a.workOrders().size(), "work orders stored");
      for (Map.Entry<WorkOrderId, String> e : requested.entrySet()) {
        WorkOrder stored = a.workOrder(e.getKey()).orElseThrow();
        assertEquals(e.getValue(), stored.userRequest(), "the request stored under " + e.getKey());
        assertEquals(WorkOrderStatus.COMPLETED, stored.status(), "the status stored under " + e.getKey());
        assertEquals(List.of("s1"), a.stepHistory(e.getKey()).results().stream().map(StepResult::step).toList(),
            "the steps saved under " + e.getKey());
      }
    }
  }
}
