package dev.awo.temporal;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.Harness;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * awo on Temporal's in-process, time-skipping test server: the core test fixtures (fake sandboxes,
 * scripted agent, recording history repository, event log) as the host's ports, one worker, and
 * the client facade.
 */
final class TemporalHarness implements AutoCloseable {
  static final TemporalOptions OPTIONS = TemporalOptions.builder()
      .heartbeatTimeout(Duration.ofSeconds(2)).workerLostTimeout(Duration.ofSeconds(10)).build();

  /** A loaded 2-core test machine can stall a workflow thread beyond the default 1 s deadlock check. */
  static final WorkerOptions WORKER_OPTIONS = WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build();

  final Harness host;
  final TestWorkflowEnvironment env;
  final AwoWorkers workers;
  final TemporalWorkOrders orders;

  TemporalHarness(Path base, UnaryOperator<WorkflowOrchestratorBuilder> configure) {
    this(base, configure, true);
  }

  /** With {@code start} false the workers poll only once the test calls {@code env.start()}. */
  TemporalHarness(Path base, UnaryOperator<WorkflowOrchestratorBuilder> configure, boolean start) {
    host = new Harness(base);
    WorkflowOrchestratorBuilder ports = configure.apply(host.builder());
    env = TestWorkflowEnvironment.newInstance();
    workers = AwoWorkers.register(env.getWorkerFactory(), ports, OPTIONS, WORKER_OPTIONS);
    if (start) {
      env.start();
    }
    orders = TemporalWorkOrders.create(env.getWorkflowClient(), ports, OPTIONS);
  }

  static WorkOrderRequest request(String workflow) {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a --verbose flag").workflow(workflow).build();
  }

  /** Waits for the run's end through the blocking stub call, which lets the test server skip time. */
  WorkOrder await(WorkOrderId id) throws Exception {
    env.getWorkflowClient().newUntypedWorkflowStub(id.value()).getResult(60, TimeUnit.SECONDS, String.class);
    return orders.completion(id).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    env.close();
    workers.close();
  }
}
