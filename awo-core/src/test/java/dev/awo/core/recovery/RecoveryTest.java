package dev.awo.core.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.RecoveryReport;
import dev.awo.core.SandboxRetention;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("recover(): waiting work orders parked again with their context and their sandbox, or failed with a reason")
@Timeout(60)
class RecoveryTest {
  @TempDir Path base;

  private static final WorkflowDefinition SHIP = WorkflowDefinition.builder("ship")
      .node(NodeDefinition.agentCall("implement", "generic").arguments("$context.task").build())
      .node(NodeDefinition.humanGate("approve").message("Ship '$context.user_request'?").build())
      .node(NodeDefinition.agentCall("commit", "generic").arguments("$implement.output").build())
      .edge("implement", "approve").edge("approve", "commit").build();

  private static WorkOrderRequest request() {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "Survive a restart").workflow("ship").build();
  }

  /** Writes a file in the sandbox at implement; at commit, reports what it finds there. */
  private static FunctionAgent worker() {
    return new FunctionAgent(r -> r.step().equals("implement") ? write(r) : "found: " + list(r.workingDirectory()));
  }

  private static String write(AgentRequest r) {
    try {
      Files.writeString(r.workingDirectory().resolve("CHANGES.md"), "- survive a restart\n");
      return "wrote CHANGES.md";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String list(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(","));
    } catch (java.io.IOException e) {
      return "nothing (" + e.getMessage() + ")";
    }
  }

  private static WorkflowOrchestrator orchestrator(Harness h, FunctionAgent agent, InMemoryWorkOrderRepository orders) {
    return h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(SHIP)
        .workOrderRepository(orders).build();
  }

  private WorkOrder parkFirst(Harness h, InMemoryWorkOrderRepository orders) {
    try (WorkflowOrchestrator first = orchestrator(h, worker(), orders)) {
      WorkOrder waiting = first.run(request());
      assertEquals(WorkOrderStatus.WAITING, waiting.status());
      assertEquals(Map.of("approve", "Ship 'Survive a restart'?"), first.waitingGates(waiting.id()));
      return waiting;
    }
  }

  @Test
  @DisplayName("a recovered gate's message is rendered from the restored context: Ship 'Survive a restart'?, not Ship ''?")
  void gateMessageFromRestoredBindings() {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder waiting = parkFirst(h, orders);
    try (WorkflowOrchestrator second = orchestrator(h, worker(), orders)) {
      RecoveryReport report = second.recover();
      assertEquals(List.of(waiting.id()), report.parked(), report.toString());
      assertEquals(Map.of("approve", "Ship 'Survive a restart'?"), second.waitingGates(waiting.id()));
    }
  }

  @Test
  @DisplayName("approved after a restart, the run goes on in the sandbox it left: the work done before the gate is there")
  void approvedAfterRestartKeepsTheWork() throws Exception {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder waiting = parkFirst(h, orders);
    FunctionAgent second = worker();
    try (WorkflowOrchestrator o = orchestrator(h, second, orders)) {
      o.recover();
      o.approve(waiting.id(), "approve");
      WorkOrder done = o.completion(waiting.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(List.of("commit"), second.steps(), "implement is not run again");
      assertEquals("found: CHANGES.md", o.stepHistory(done.id()).latest("commit").orElseThrow().output(),
          "commit works in the sandbox implement wrote to, not in a new, empty one");
      assertEquals(1, h.sandboxes.created(), "no second sandbox was made");
    }
  }

  @Test
  @DisplayName("when the sandbox of a waiting work order is lost and nothing was pushed, recovery fails it with a reason; it never completes")
  void lostSandboxOfAWaitingWorkOrderFailsIt() throws Exception {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder waiting = parkFirst(h, orders);
    h.sandboxes.lose(waiting.id());
    FunctionAgent second = worker();
    try (WorkflowOrchestrator o = orchestrator(h, second, orders)) {
      RecoveryReport report = o.recover();
      assertEquals(List.of(waiting.id()), report.failed(), report.toString());
      WorkOrder done = o.completion(waiting.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals("the sandbox was lost in a crash at step approve; its changes had not been pushed",
          done.errorMessage());
      assertEquals(List.of(), second.steps(), "nothing runs without the work");
      assertEquals(StepOutcome.CANCELLED, o.stepHistory(done.id()).latest("approve").orElseThrow().outcome(),
          "the gate is recorded as not decided");
    }
  }

  @Test
  @DisplayName("every saved step records the sandbox's head commit, which recovery asks the factory to find again")
  void headCommitRecordedAndAskedFor() {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder waiting = parkFirst(h, orders);
    StepResult implement = h.histories.find(waiting.id()).orElseThrow().latest("implement").orElseThrow();
    assertEquals("1".repeat(40), implement.headCommit());
    try (WorkflowOrchestrator o = orchestrator(h, worker(), orders)) {
      o.recover();
    }
    assertEquals(1, h.sandboxes.recoveries.size());
    assertEquals("1".repeat(40), h.sandboxes.recoveries.get(0).expectedHead());
  }

  @Test
  @DisplayName("recoverWaiting() still works, as a deprecated alias of recover()")
  @SuppressWarnings("removal")
  void recoverWaitingDelegates() {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder waiting = parkFirst(h, orders);
    try (WorkflowOrchestrator o = orchestrator(h, worker(), orders)) {
      assertEquals(List.of(waiting.id()), o.recoverWaiting());
      assertEquals(Map.of("approve", "Ship 'Survive a restart'?"), o.waitingGates(waiting.id()));
      assertTrue(o.recover().all().isEmpty(), "a second call takes up nothing more");
    }
  }

  @Test
  @DisplayName("a pending work order is started by recover() and completes")
  void pendingIsStarted() throws Exception {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder pending = WorkOrder.builder(dev.awo.domain.WorkOrderId.of("wo-0000beef"),
            "https://github.com/acme/widgets", "Add a --verbose flag")
        .workflow(DefaultWorkflow.NAME).status(WorkOrderStatus.PENDING).createdAt(h.clock.instant()).build();
    orders.save(pending);
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(orders).build()) {
      assertEquals(List.of(pending.id()), o.recover().started());
      WorkOrder done = o.completion(pending.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(DefaultWorkflow.STEPS, o.stepHistory(pending.id()).results().stream().map(StepResult::step).toList());
    }
  }

  @Test
  @DisplayName("retention KEEP: closing with a work order waiting leaves its sandbox for recovery, too")
  void keepRetention() throws Exception {
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder waiting;
    try (WorkflowOrchestrator first = h.builder().agentExecutor(worker()).commandTemplates(new AnyTemplates())
        .workflow(SHIP).workOrderRepository(orders).sandboxRetention(SandboxRetention.KEEP).build()) {
      waiting = first.run(request());
    }
    assertFalse(h.sandboxes.cleanedUp(waiting.id()));
    try (WorkflowOrchestrator o = orchestrator(h, worker(), orders)) {
      o.recover();
      o.reject(waiting.id(), "approve", "not now");
      WorkOrder done = o.completion(waiting.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertNotEquals(null, done.errorMessage());
      StepHistory history = o.stepHistory(done.id());
      assertEquals(List.of("implement", "approve"), history.results().stream().map(StepResult::step).toList());
    }
  }
}
