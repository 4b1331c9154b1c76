package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Node worker threads come from the host")
class NodeThreadsTest {
  @TempDir Path base;

  @Test
  @DisplayName("parallel nodes run on threads of the builder's thread factory, named after the work order")
  @Timeout(60)
  void hostThreadFactory() {
    Harness h = new Harness(base);
    AtomicInteger made = new AtomicInteger();
    Set<String> names = ConcurrentHashMap.newKeySet();
    CountDownLatch both = new CountDownLatch(2);
    FunctionAgent agent = new FunctionAgent(r -> {
      if (!r.step().equals("start")) {
        names.add(Thread.currentThread().getName());
        both.countDown();
        Latches.await(both);
      }
      return "done";
    });
    WorkflowDefinition fork = WorkflowDefinition.builder("fork")
        .node(NodeDefinition.agentCall("start", "generic").build())
        .node(NodeDefinition.agentCall("left", "generic").build())
        .node(NodeDefinition.agentCall("right", "generic").build())
        .edge("start", "left").edge("start", "right").build();
    WorkOrder done;
    try (WorkflowOrchestrator o = h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates()).workflow(fork)
        .nodeThreadFactory(r -> {
          made.incrementAndGet();
          Thread t = new Thread(r);
          t.setDaemon(true);
          return t;
        }).build()) {
      done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("fork").build());
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertTrue(made.get() >= 2, "the host's factory made the node threads: " + made.get());
    assertEquals(2, names.size());
    assertTrue(names.stream().allMatch(n -> n.startsWith("awo-" + done.id().value() + "-node-")), names.toString());
  }
}
