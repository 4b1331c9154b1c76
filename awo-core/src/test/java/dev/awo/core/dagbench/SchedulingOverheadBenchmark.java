package dev.awo.core.dagbench;

import dev.awo.core.internal.DagRunner;
import dev.awo.core.internal.DagState;
import dev.awo.core.internal.NodeThreads;
import dev.awo.core.internal.RunControl;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scheduling overhead per node: the real DagRunner (state, dispatch to its workers, completion
 * hand-back) on a 10,000-node DAG whose nodes do nothing. The score is microseconds per node
 * (target: at most 10). {@code shape=chain} is a linear workflow (the coordinator runs each node
 * itself); {@code shape=random} has 1-3 dependencies per node among the 20 before it, with 4
 * workers.
 *
 * <p>Run: {@code java -cp <test classpath> org.openjdk.jmh.Main SchedulingOverhead -f1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SchedulingOverheadBenchmark {
  static final int NODES = 10_000;

  @Param({"random", "chain"})
  public String shape;

  private CompiledWorkflow workflow;

  private static final DagRunner.NodeWork NO_OP = new DagRunner.NodeWork() {
    @Override
    public DagRunner.Finish run(NodeDefinition node) {
      return new DagRunner.Finish(node.id(), DagState.Node.SUCCEEDED, null, null);
    }
    @Override public void skipped(NodeDefinition node) {}
    @Override public void gateOpened(NodeDefinition node) {}
    @Override public void gateAbandoned(NodeDefinition node, boolean cancelled) {}
    @Override public void parking() {}
  };

  @Setup
  public void setUp() {
    workflow = shape.equals("chain") ? RandomDags.dag(NODES, 1, 7) : RandomDags.dag(NODES, 20, 7);
  }

  @Benchmark
  @OperationsPerInvocation(NODES)
  public DagRunner.Pass runTenThousandNoOpNodes() {
    DagRunner runner = new DagRunner(workflow, new DagState(workflow), new RunControl(), NO_OP, 4,
        NodeThreads.named(NodeThreads.daemons(), "bench-node-"), "bench");
    return runner.runPass();
  }
}
