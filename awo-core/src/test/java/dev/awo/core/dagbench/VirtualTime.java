package dev.awo.core.dagbench;

import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.EdgeDefinition;
import dev.awo.core.workflow.NodeDefinition;
import java.util.PriorityQueue;

/**
 * A virtual clock for running the real DagRunner with simulated node durations: node threads
 * sleep in virtual time, and time jumps to the next wake-up only when every node that can run now
 * — every unfinished node whose predecessors have all finished, known from the DAG itself — is
 * asleep. The runner needs no hook for this, so the measured makespan is exactly what the
 * production scheduling policy produces (with unbounded parallelism), with no real waiting.
 */
final class VirtualTime {
  private record Sleeper(long wake, long seq) {}

  private final PriorityQueue<Sleeper> sleepers =
      new PriorityQueue<>((a, b) -> a.wake != b.wake ? Long.compare(a.wake, b.wake) : Long.compare(a.seq, b.seq));
  private final CompiledWorkflow workflow;
  private final int[] unfinishedPredecessors;
  private int runnable;
  private long now;
  private long seq;

  VirtualTime(CompiledWorkflow workflow) {
    this.workflow = workflow;
    this.unfinishedPredecessors = new int[workflow.size()];
    for (NodeDefinition node : workflow.topologicalOrder()) {
      int preds = workflow.incoming(node.id()).size();
      unfinishedPredecessors[RandomDags.index(node.id())] = preds;
      if (preds == 0) {
        runnable++;
      }
    }
  }

  synchronized long now() {
    return now;
  }

  /** Sleeps {@code duration} virtual ticks, then marks {@code nodeId} finished. */
  void run(String nodeId, long duration) {
    synchronized (this) {
      Sleeper me = new Sleeper(now + duration, seq++);
      sleepers.add(me);
      advanceIfIdle();
      while (now < me.wake) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      runnable--;
      for (EdgeDefinition e : workflow.outgoing(nodeId)) {
        if (--unfinishedPredecessors[RandomDags.index(e.to())] == 0) {
          runnable++;
        }
      }
      advanceIfIdle();
    }
  }

  private void advanceIfIdle() {
    if (!sleepers.isEmpty() && sleepers.size() == runnable) {
      long wake = sleepers.peek().wake;
      while (!sleepers.isEmpty() && sleepers.peek().wake == wake) {
        sleepers.poll();
      }
      now = wake;
      notifyAll();
    }
  }
}
