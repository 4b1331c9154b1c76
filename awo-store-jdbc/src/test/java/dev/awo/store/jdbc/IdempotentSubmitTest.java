package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.core.Submission;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.testkit.InMemorySandboxFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idempotent submission on the JDBC store: across a restart (a new orchestrator on the same
 * database) and across orchestrators submitting one key at the same moment (the unique index decides).
 */
@DisplayName("Idempotent submission on the JDBC store")
class IdempotentSubmitTest {
  private static final WorkOrderRequest REQUEST = WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag")
      .workflow("proof").idempotencyKey("jdbc-key-1").build();

  private static WorkflowOrchestrator orchestrator(TestDatabases.Scratch db) {
    return proofOrchestrator(db).build();
  }

  /** An orchestrator on {@code db}'s JDBC stores with one workflow, "proof": one sleeping agent step. */
  static WorkflowOrchestratorBuilder proofOrchestrator(TestDatabases.Scratch db) {
    return WorkflowOrchestrator.builder()
        .agentExecutor(new TakeoverHost.SleepingAgent())
        .sandboxFactory(InMemorySandboxFactory.inTemporaryDirectory())
        .workOrderRepository(new JdbcWorkOrderRepository(db.pool()))
        .stepHistoryRepository(new JdbcStepHistoryRepository(db.pool()))
        .workflow(WorkflowDefinition.linear("proof", List.<NodeDefinition>of(
            NodeDefinition.agentCall("s1", "implementor").arguments("$context.task").build())).build());
  }

  @Test
  @Timeout(60)
  @DisplayName("after a restart the same key answers with the first work order and starts nothing (H2)")
  void acrossARestart() throws Exception {
    try (TestDatabases.Scratch db = TestDatabases.Scratch.h2()) {
      WorkOrderId first;
      try (WorkflowOrchestrator before = orchestrator(db)) {
        first = before.submit(REQUEST);
        assertEquals(WorkOrderStatus.COMPLETED, before.completion(first).get(30, TimeUnit.SECONDS).status());
      }
      try (WorkflowOrchestrator after = orchestrator(db)) {
        assertEquals(new Submission(first, false), after.submission(REQUEST));
        assertEquals(1, after.workOrders().size());
        assertEquals(1, after.stepHistory(first).size(), "steps saved: the repeated submission ran nothing");
      }
    }
  }

  @Test
  @Timeout(120)
  @DisplayName("two orchestrators, 8 threads, one key at the same moment: one work order, every caller gets its id (PostgreSQL)")
  void atTheSameMoment() throws Exception {
    TestDatabases.postgresUrl();
    try (TestDatabases.Scratch db = TestDatabases.Scratch.postgres();
        WorkflowOrchestrator a = orchestrator(db); WorkflowOrchestrator b = orchestrator(db)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Submission>> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          WorkflowOrchestrator o = i % 2 == 0 ? a : b;
          callers.add(pool.submit(() -> {
            go.await();
            return o.submission(REQUEST);
          }));
        }
        go.countDown();
        Set<WorkOrderId> ids = new HashSet<>();
        int created = 0;
        for (Future<Submission> caller : callers) {
          Submission s = caller.get(60, TimeUnit.SECONDS);
          ids.add(s.id());
          created += s.created() ? 1 : 0;
        }
        assertEquals(1, ids.size(), "ids answered " + ids);
        assertEquals(1, created, "callers told they created it");
        assertEquals(1, a.workOrders().size(), "work orders stored");
        WorkOrderId id = ids.iterator().next();
        assertEquals(WorkOrderStatus.COMPLETED, waitForEnd(a, id), "the one work order");
        assertEquals(1, a.stepHistory(id).size(), "steps saved once");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** The work order's status once terminal in the store, or as it is after 30 s. */
  private static WorkOrderStatus waitForEnd(WorkflowOrchestrator a, WorkOrderId id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      WorkOrderStatus status = a.workOrder(id).orElseThrow().status();
      if (status.isTerminal()) {
        return status;
      }
      Thread.sleep(20);
    }
    return a.workOrder(id).orElseThrow().status();
  }
}
