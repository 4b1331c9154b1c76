package dev.awo.core.dagbench;

import dev.awo.core.internal.DagRunner;
import dev.awo.core.internal.DagState;
import dev.awo.core.internal.NodeThreads;
import dev.awo.core.internal.RunControl;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.EdgeDefinition;
import dev.awo.core.workflow.NodeDefinition;
import java.util.Random;

/**
 * Makespan of the real dependency-driven runner on random DAGs, under a virtual clock with
 * simulated node durations (1-100 ticks) and unbounded parallelism, against the critical path (the
 * lower bound) and against a level-by-level schedule of the same DAGs (each level starts when the
 * slowest node of the level before ends).
 *
 * <p>Run: {@code java -cp <test classpath> dev.awo.core.dagbench.MakespanHarness [dags] [nodes]}.
 * A harness rather than JMH: the figure is a ratio of virtual times, not a wall-clock time.
 */
public final class MakespanHarness {
  private MakespanHarness() {}

  public static void main(String[] args) {
    int dags = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    double worst = 0;
    double sumRatio = 0;
    double sumLevel = 0;
    for (int d = 0; d < dags; d++) {
      CompiledWorkflow wf = RandomDags.dag(nodes, 20, 1000 + d);
      long[] duration = new Random(d).longs(nodes, 1, 101).toArray();
      long makespan = runnerMakespan(wf, duration);
      long critical = criticalPath(wf, duration);
      long levels = levelByLevel(wf, duration);
      double ratio = (double) makespan / critical;
      worst = Math.max(worst, ratio);
      sumRatio += ratio;
      sumLevel += (double) levels / critical;
    }
    System.out.printf("dags=%d nodes=%d  runner/critical: mean %.4f max %.4f   level-by-level/critical: mean %.4f%n",
        dags, nodes, sumRatio / dags, worst, sumLevel / dags);
    if (worst > 1.01) {
      throw new AssertionError("makespan exceeded the critical path by more than 1%: " + worst);
    }
  }

  static long runnerMakespan(CompiledWorkflow wf, long[] duration) {
    VirtualTime time = new VirtualTime(wf);
    DagRunner.NodeWork work = new DagRunner.NodeWork() {
      @Override
      public DagRunner.Finish run(NodeDefinition node) {
        time.run(node.id(), duration[RandomDags.index(node.id())]);
        return new DagRunner.Finish(node.id(), DagState.Node.SUCCEEDED, null, null);
      }
      @Override public void skipped(NodeDefinition node) {}
      @Override public void gateOpened(NodeDefinition node) {}
      @Override public void gateAbandoned(NodeDefinition node, boolean cancelled) {}
      @Override public void parking() {}
    };
    DagRunner runner = new DagRunner(wf, new DagState(wf), new RunControl(), work, Integer.MAX_VALUE,
        NodeThreads.daemons(), "bench");
    if (runner.runPass() != DagRunner.Pass.COMPLETED) {
      throw new AssertionError("the run did not complete");
    }
    return time.now();
  }

  static long criticalPath(CompiledWorkflow wf, long[] duration) {
    long[] finish = new long[duration.length];
    long best = 0;
    for (NodeDefinition node : wf.topologicalOrder()) {
      int i = RandomDags.index(node.id());
      long start = 0;
      for (EdgeDefinition e : wf.incoming(node.id())) {
        start = Math.max(start, finish[RandomDags.index(e.from())]);
      }
      finish[i] = start + duration[i];
      best = Math.max(best, finish[i]);
    }
    return best;
  }

  static long levelByLevel(CompiledWorkflow wf, long[] duration) {
    int[] level = new int[duration.length];
    int maxLevel = 0;
    for (NodeDefinition node : wf.topologicalOrder()) {
      int l = 0;
      for (EdgeDefinition e : wf.incoming(node.id())) {
        l = Math.max(l, level[RandomDags.index(e.from())] + 1);
      }
      level[RandomDags.index(node.id())] = l;
      maxLevel = Math.max(maxLevel, l);
    }
    long[] slowest = new long[maxLevel + 1];
    for (int i = 0; i < duration.length; i++) {
      slowest[level[i]] = Math.max(slowest[level[i]], duration[i]);
    }
    long total = 0;
    for (long s : slowest) {
      total += s;
    }
    return total;
  }
}
