package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The listener contract on parallel workflows")
class ParallelListenerTest {
  private static final int BRANCHES = 8;
  @TempDir Path base;

  /** start -> (n1 .. n8) -> end. */
  private static WorkflowDefinition fanOut() {
    WorkflowDefinition.Builder wide = WorkflowDefinition.builder("fan_out").node(agent("start")).node(agent("end"));
    for (int i = 1; i <= BRANCHES; i++) {
      wide.node(agent("n" + i)).edge("start", "n" + i).edge("n" + i, "end");
    }
    return wide.build();
  }

  private static WorkOrderRequest request() {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "fan out").workflow("fan_out").build();
  }

  /** Hears events, noting any call that overlaps another one for the same work order. */
  private static final class OverlapDetector implements WorkOrderListener {
    final AtomicInteger inside = new AtomicInteger();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<WorkOrderEvent> heard = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(WorkOrderEvent event) {
      if (inside.incrementAndGet() > 1) {
        problems.add("called concurrently with another event, during " + event.name());
      }
      try {
        Thread.sleep(1); // widen the window in which an overlapping call would be seen
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        heard.add(event);
        inside.decrementAndGet();
      }
    }
  }

  @Test
  @DisplayName("with nodes running in parallel, a listener hears one event at a time, in order, the final status last")
  @Timeout(60)
  void oneEventAtATimeInOrder() throws Exception {
    Harness h = new Harness(base);
    OverlapDetector listener = new OverlapDetector();
    CountDownLatch twoBranches = new CountDownLatch(2);
    FunctionAgent agent = new FunctionAgent(r -> {
      if (r.step().startsWith("n")) {
        twoBranches.countDown();
        Latches.await(twoBranches); // at least two branches are inside the agent together
      }
      return "done: " + r.step();
    });
    WorkOrder done;
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(fanOut()).maxParallelNodes(4).listener(listener)
        .build()) {
      WorkOrderId id = o.submit(request());
      done = o.completion(id).get(30, TimeUnit.SECONDS);
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertTrue(agent.maxConcurrent() > 1, "the branches ran in parallel");
    assertEquals(List.of(), listener.problems);
    assertOrdered(listener.heard, BRANCHES + 2);
  }

  @Test
  @DisplayName("a listener that is stuck does not hold up the run or its saves; it hears everything afterwards")
  @Timeout(60)
  void stuckListenerDoesNotHoldUpTheRun() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch endRan = new CountDownLatch(1);
    List<WorkOrderEvent> heard = new CopyOnWriteArrayList<>();
    FunctionAgent agent = new FunctionAgent(r -> {
      if (r.step().equals("end")) {
        endRan.countDown();
      }
      return "done: " + r.step();
    });
    WorkOrder done;
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(fanOut()).listener(new WorkOrderListener() {
      @Override
      public void onEvent(WorkOrderEvent event) {
        Latches.await(release);
        heard.add(event);
      }
    }).build()) {
      WorkOrderId id = o.submit(request());
      assertTrue(endRan.await(20, TimeUnit.SECONDS), "the last node ran while the listener was stuck at the first event");
      assertTrue(h.histories.saved(id).size() >= BRANCHES + 1,
          "every node before the last was saved while the listener was stuck");
      release.countDown();
      done = o.completion(id).get(30, TimeUnit.SECONDS);
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertOrdered(heard, BRANCHES + 2);
  }

  /** HistorySaved versions 1..n in order, each step's start before its save, the final status last. */
  private static void assertOrdered(List<WorkOrderEvent> events, int steps) {
    List<Long> versions = new ArrayList<>();
    Set<String> started = new HashSet<>();
    for (WorkOrderEvent e : events) {
      if (e instanceof WorkOrderEvent.StepStarted s) {
        started.add(s.step());
      } else if (e instanceof WorkOrderEvent.HistorySaved s) {
        assertTrue(started.contains(s.result().step()), "step_started of " + s.result().step() + " came before its save");
        versions.add(s.snapshot().version());
      }
    }
    List<Long> expected = new ArrayList<>();
    for (long v = 1; v <= steps; v++) {
      expected.add(v);
    }
    assertEquals(expected, versions);
    WorkOrderEvent last = events.get(events.size() - 1);
    assertTrue(last instanceof WorkOrderEvent.StatusChanged s && s.current().isTerminal(), "last event: " + last);
  }
}
