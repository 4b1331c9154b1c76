package dev.awo.core.dagbench;

import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowCompiler;
import dev.awo.core.workflow.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random DAGs for the benchmarks: node j depends on 1-3 nodes among the {@code window} before it. */
final class RandomDags {
  private RandomDags() {}

  static CompiledWorkflow dag(int nodes, int window, long seed) {
    Random random = new Random(seed);
    WorkflowDefinition.Builder b = WorkflowDefinition.builder("bench-" + seed);
    for (int j = 0; j < nodes; j++) {
      b.node(NodeDefinition.agentCall("n" + j, "t").build());
      if (j == 0) {
        continue;
      }
      List<Integer> preds = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int k = 0; k < count; k++) {
        int p = Math.max(0, j - 1 - random.nextInt(Math.min(window, j)));
        if (!preds.contains(p)) {
          preds.add(p);
          b.edge("n" + p, "n" + j);
        }
      }
    }
    return WorkflowCompiler.structural().compile(b.build());
  }

  static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }
}
