package dev.awo.core.bench;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Orchestration overhead per step: a 100-step linear workflow with a no-op agent, in-memory
 * repositories and one listener, run on the calling thread. Each step costs what the orchestrator
 * adds around an agent call: the running-step write, the step-started event, the result, the
 * snapshot append, the save and the saved event. Target: at most 5 µs per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class OrchestrationOverheadBenchmark {
  static final int STEPS = 100;

  private WorkflowOrchestrator orchestrator;
  private WorkOrderRequest request;
  private final LongAdder saves = new LongAdder();

  @Setup
  public void setUp() {
    List<NodeDefinition> nodes = new ArrayList<>();
    for (int i = 0; i < STEPS; i++) {
      nodes.add(NodeDefinition.agentCall("step_" + i, "noop").arguments("$context.work_order_id").build());
    }
    orchestrator = WorkflowOrchestrator.builder()
        .agentExecutor(NoOpPorts.AGENT)
        .sandboxFactory(NoOpPorts.SANDBOXES)
        .commandTemplates(NoOpPorts.TEMPLATES)
        .workflow(WorkflowDefinition.linear("bench", nodes).build())
        .listener(new WorkOrderListener() {
          @Override
          public void onHistorySaved(WorkOrderEvent.HistorySaved event) {
            saves.increment();
          }
        })
        .build();
    request = WorkOrderRequest.builder("https://github.com/acme/widgets", "benchmark").workflow("bench").build();
  }

  @TearDown
  public void tearDown() {
    orchestrator.close();
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Object stepOfAHundredStepRun() {
    return orchestrator.run(request);
  }
}
