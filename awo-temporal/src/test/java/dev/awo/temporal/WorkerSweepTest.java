package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.sandbox.SandboxRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A starting worker reclaims dead owners' sandboxes, keeping those of runs that are not over")
class WorkerSweepTest {
  @TempDir Path base;

  @Test
  @DisplayName("a redeployed worker keeps the sandbox of the run it was replaced in (still running), reclaims an ended one's")
  void runningWorkOrdersKeepTheirSandbox() {
    Harness host = new Harness(base);
    WorkOrder running = WorkOrder.builder(WorkOrderId.of("wo-0000a11e"), "https://github.com/acme/widgets", "mid-run")
        .createdAt(host.clock.instant()).status(WorkOrderStatus.RUNNING).currentStep("implement").build();
    WorkOrder ended = WorkOrder.builder(WorkOrderId.of("wo-0000e0d5"), "https://github.com/acme/widgets", "over")
        .createdAt(host.clock.instant()).status(WorkOrderStatus.FAILED).errorMessage("x").build();
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    orders.save(running);
    orders.save(ended);
    AtomicReference<Predicate<WorkOrderId>> asked = new AtomicReference<>();
    SandboxFactory recording = new SandboxFactory() {
      @Override public Sandbox create(SandboxRequest request) {
        return host.sandboxes.create(request);
      }

      @Override public int reclaimAbandoned(Predicate<WorkOrderId> stillNeeded) {
        asked.set(stillNeeded);
        return 0;
      }
    };
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    AwoWorkers workers = AwoWorkers.register(env.getWorkerFactory(), host.builder().workOrderRepository(orders).sandboxFactory(recording)
        .agentExecutor(new FunctionAgent(r -> "done")).commandTemplates(new AnyTemplates()), TemporalHarness.OPTIONS,
        TemporalHarness.WORKER_OPTIONS);
    try {
      assertNotNull(asked.get(), "the worker reclaimed at start");
      assertTrue(asked.get().test(running.id()), "a take-over may still re-attach the running work order's sandbox");
      assertFalse(asked.get().test(ended.id()));
    } finally {
      env.close();
      workers.close();
    }
  }
}
