package dev.awo.temporal.bench;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkOrderService;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FakeSandboxFactory;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.temporal.AwoWorkers;
import dev.awo.temporal.TemporalOptions;
import dev.awo.temporal.TemporalWorkOrders;
import dev.awo.temporal.crash.CrashWorker;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What awo-temporal adds per step over the embedded engine on the same machine: one work order of
 * the seven-step linear workflow ({@link CrashWorker#seven()}) with an instant agent, submitted and
 * awaited to completion through {@link WorkOrderService} (the same verbs on both engines), over the
 * same in-memory repositories and fake sandboxes. {@code embedded}: a {@link WorkflowOrchestrator};
 * {@code temporal}: Temporal's in-process test server without time skipping, awo's workers and the
 * {@link TemporalWorkOrders} facade in this JVM (no network hop to a real server, so a real
 * cluster adds its round trips on top). The score is per step (a run's time ÷ 7); the difference of
 * the two scores is awo-temporal's added latency per step. No target: it is a figure to report.
 *
 * <pre>
 * mvn -q -o -pl awo-temporal -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat awo-temporal/target/cp.txt):awo-temporal/target/classes:awo-temporal/target/test-classes" \
 *   org.openjdk.jmh.Main StepLatency -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class StepLatencyBenchmark {
  /** The steps of one run: the score is per step. */
  static final int STEPS = 7;

  @Param({"embedded", "temporal"})
  public String engine;

  private Path sandboxes;
  private WorkOrderService service;
  private WorkflowOrchestrator orchestrator;
  private TestWorkflowEnvironment temporal;
  private AwoWorkers workers;
  private WorkOrderRequest request;

  @Setup
  public void setUp() throws IOException {
    sandboxes = Files.createTempDirectory("awo-step-latency");
    InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
    WorkflowOrchestratorBuilder ports = WorkflowOrchestrator.builder()
        .stepHistoryRepository(new InMemoryStepHistoryRepository(workOrders))
        .workOrderRepository(workOrders)
        .sandboxFactory(new FakeSandboxFactory(sandboxes))
        .commandTemplates(new AnyTemplates())
        .workflow(CrashWorker.seven())
        .agentExecutor((agentRequest, events) -> {
          events.accept(new AgentEvent.AssistantText("m", "done " + agentRequest.step()));
          return AgentOutcome.succeeded("done: " + agentRequest.step(), "session", Duration.ZERO);
        });
    request = WorkOrderRequest.builder("https://github.com/acme/widgets", "measure").workflow(CrashWorker.WORKFLOW).build();
    switch (engine) {
      case "embedded" -> {
        orchestrator = ports.build();
        service = orchestrator;
      }
      case "temporal" -> {
        TemporalOptions options = TemporalOptions.builder().build();
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        workers = AwoWorkers.register(temporal.getWorkerFactory(), ports, options,
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build());
        temporal.start();
        service = TemporalWorkOrders.create(temporal.getWorkflowClient(), ports, options);
      }
      default -> throw new IllegalArgumentException("engine must be embedded or temporal, got " + engine);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    if (orchestrator != null) {
      orchestrator.close();
    }
    if (temporal != null) {
      temporal.close();
      workers.close();
    }
    try (var paths = Files.walk(sandboxes)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public WorkOrder stepOfASevenStepRun() throws Exception {
    WorkOrder done = service.completion(service.submit(request)).get(1, TimeUnit.MINUTES);
    if (done.status() != WorkOrderStatus.COMPLETED) {
      throw new IllegalStateException(done.id() + " ended " + done.status() + ": " + done.errorMessage());
    }
    return done;
  }
}
