package dev.awo.core.bench;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.micrometer.MicrometerWorkOrderListener;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The Micrometer listener's cost per step: the work of awo-core's {@code
 * OrchestrationOverheadBenchmark} (a 100-step linear workflow, no-op agent, in-memory repositories,
 * one counting listener, on the calling thread), run with {@code listener=none} and with the
 * Micrometer listener on an observation registry that feeds a {@code DefaultMeterObservationHandler}
 * and a {@code SimpleMeterRegistry}.
 *
 * <ul>
 *   <li>{@code handOff}: what the run thread pays (the listener queues events for its own thread),
 *       each run starting with the recording thread idle (it is drained outside the measurement);
 *   <li>{@code recorded}: the run plus waiting until every event is recorded, i.e. the whole cost of
 *       recording (observations, timers, counters) per step, as if it ran on the run thread.
 * </ul>
 *
 * <p>It lives in awo-core's benchmark package to reuse {@code NoOpPorts} from awo-core's test-jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class MicrometerListenerOverheadBenchmark {
  static final int STEPS = 100;

  @Param({"none", "micrometer"})
  public String listener;

  private WorkflowOrchestrator orchestrator;
  private MicrometerWorkOrderListener micrometer;
  private WorkOrderRequest request;
  private final LongAdder saves = new LongAdder();

  @Setup
  public void setUp() {
    List<NodeDefinition> nodes = new ArrayList<>();
    for (int i = 0; i < STEPS; i++) {
      nodes.add(NodeDefinition.agentCall("step_" + i, "noop").arguments("$context.work_order_id").build());
    }
    WorkflowOrchestratorBuilder builder = WorkflowOrchestrator.builder()
        .agentExecutor(NoOpPorts.AGENT)
        .sandboxFactory(NoOpPorts.SANDBOXES)
        .commandTemplates(NoOpPorts.TEMPLATES)
        .workflow(WorkflowDefinition.linear("bench", nodes).build())
        .listener(new WorkOrderListener() {
          @Override
          public void onHistorySaved(WorkOrderEvent.HistorySaved event) {
            saves.increment();
          }
        });
    if (listener.equals("micrometer")) {
      MeterRegistry meters = new SimpleMeterRegistry();
      ObservationRegistry observations = ObservationRegistry.create();
      observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
      micrometer = MicrometerWorkOrderListener.builder(observations, meters).build();
      builder.listener(micrometer);
    }
    orchestrator = builder.build();
    request = WorkOrderRequest.builder("https://github.com/acme/widgets", "benchmark").workflow("bench").build();
  }

  @TearDown
  public void tearDown() {
    orchestrator.close();
    if (micrometer != null) {
      micrometer.awaitRecorded(Duration.ofSeconds(30));
      System.out.println("\nmicrometer listener: dropped events " + micrometer.droppedEvents()
          + ", work orders still tracked " + micrometer.trackedWorkOrders());
      micrometer.close();
    }
  }

  /** Lets the recording thread finish the previous run's events before the next run is measured. */
  @State(Scope.Thread)
  public static class Drained {
    @Setup(Level.Invocation)
    public void drain(MicrometerListenerOverheadBenchmark benchmark) {
      if (benchmark.micrometer != null) {
        benchmark.micrometer.awaitRecorded(Duration.ofSeconds(30));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Object handOff(Drained drained) {
    return orchestrator.run(request);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Object recorded() {
    Object done = orchestrator.run(request);
    if (micrometer != null) {
      micrometer.awaitRecorded(Duration.ofSeconds(30));
    }
    return done;
  }
}
