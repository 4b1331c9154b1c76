package dev.awo.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A real WorkflowOrchestrator with the Micrometer listener")
class OrchestratorEndToEndTest {
  private static final List<String> DEFAULT_STEPS =
      List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr");

  @TempDir Path base;

  @Test
  @DisplayName("the default workflow yields one work order observation, seven step children, and its cost and tokens")
  void defaultWorkflow() {
    Harness h = new Harness(base);
    try (Recording rec = new Recording()) {
      WorkOrder done;
      try (WorkflowOrchestrator orchestrator = h.builder().listener(rec.listener).build()) {
        done = orchestrator.run(Harness.request());
      }
      rec.recorded();

      assertEquals(WorkOrderStatus.COMPLETED, done.status());
      assertThat(rec.observations)
          .hasNumberOfObservationsWithNameEqualTo("awo.work_order", 1)
          .hasNumberOfObservationsWithNameEqualTo("awo.step", 7)
          .forAllObservationsWithNameEqualTo("awo.step", step -> step.hasParentObservation()
              .hasLowCardinalityKeyValue("workflow", "default").hasLowCardinalityKeyValue("outcome", "succeeded")
              .hasHighCardinalityKeyValue("awo.work_order.id", done.id().value()));
      assertThat(rec.observations).hasObservationWithNameEqualTo("awo.work_order").that()
          .hasBeenStopped().hasLowCardinalityKeyValue("outcome", "completed")
          .hasLowCardinalityKeyValue("sandbox.type", done.sandboxType().wireName());
      for (String step : DEFAULT_STEPS) {
        assertEquals(1, rec.timerCount("awo.step", "step", step, "attempt", "1", "outcome", "succeeded"), step);
      }
      assertEquals(0.07, rec.meters.get("awo.cost").counters().stream().mapToDouble(c -> c.count()).sum(), 1e-9);
      assertEquals(700, sum(rec, "input"));
      assertEquals(350, sum(rec, "output"));
      assertEquals(7, rec.timerCount("awo.step_history.save", "workflow", "default"));
      assertEquals(0.0, rec.meters.get("awo.work_orders").tag("status", "running").gauge().value());
      assertEquals(0, rec.listener.trackedWorkOrders());
    }
  }

  @Test
  @DisplayName("a failing step makes the work order's outcome failed and the step's outcome failed, with the agent tagged")
  void failingStep() {
    Harness h = new Harness(base);
    h.agent.failing("implement");
    try (Recording rec = new Recording()) {
      try (WorkflowOrchestrator orchestrator = h.builder().listener(rec.listener).build()) {
        assertEquals(WorkOrderStatus.FAILED, orchestrator.run(Harness.request()).status());
      }
      rec.recorded();

      assertEquals(1, rec.timerCount("awo.work_order", "outcome", "failed"));
      assertEquals(1, rec.timerCount("awo.step", "step", "implement", "outcome", "failed"));
      assertThat(rec.observations).hasAnObservation(o -> o.hasNameEqualTo("awo.step")
          .hasLowCardinalityKeyValue("step", "implement").hasError());
    }
  }

  @Test
  @DisplayName("work orders submitted together on the orchestrator's executor are all recorded")
  void concurrentSubmissions() throws Exception {
    Harness h = new Harness(base);
    try (Recording rec = new Recording()) {
      List<WorkOrderId> ids = new ArrayList<>();
      try (WorkflowOrchestrator orchestrator = h.builder().listener(rec.listener).maxConcurrentWorkOrders(4).build()) {
        for (int i = 0; i < 12; i++) {
          ids.add(orchestrator.submit(Harness.request()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (h.events(WorkOrderEvent.StatusChanged.class).stream().filter(e -> e.current().isTerminal()).count() < 12
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
      rec.recorded();

      assertEquals(12, rec.timerCount("awo.work_order", "outcome", "completed"));
      assertEquals(84, rec.meters.get("awo.step").timers().stream().mapToLong(t -> t.count()).sum());
      assertEquals(0, rec.listener.trackedWorkOrders());
      assertEquals(12, ids.size());
    }
  }

  @Test
  @DisplayName("an observation handler that throws does not break a run: every step is saved and the run completes")
  void throwingHandlerDoesNotBreakRun() {
    Harness h = new Harness(base);
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context context) {
        throw new IllegalStateException("tracing backend down");
      }

      @Override
      public void onStop(Observation.Context context) {
        throw new IllegalStateException("tracing backend down");
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    try (MicrometerWorkOrderListener listener =
        MicrometerWorkOrderListener.builder(registry, new SimpleMeterRegistry()).build()) {
      WorkOrder done;
      try (WorkflowOrchestrator orchestrator = h.builder().listener(listener).build()) {
        done = orchestrator.run(Harness.request());
      }
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));

      assertEquals(WorkOrderStatus.COMPLETED, done.status());
      assertEquals(7, h.events(WorkOrderEvent.HistorySaved.class).size());
      assertEquals(7, h.histories.find(done.id()).orElseThrow().version());
      assertEquals(0, listener.trackedWorkOrders());
    }
  }

  @Test
  @DisplayName("a run completes while an observation handler is blocked; its observations are recorded once it is released")
  void blockedHandlerDoesNotHoldUpRun() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handlerReturned = new AtomicInteger();
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context context) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        handlerReturned.incrementAndGet();
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    try (MicrometerWorkOrderListener listener = MicrometerWorkOrderListener.builder(registry, meters).build()) {
      WorkOrder done;
      try (WorkflowOrchestrator orchestrator = h.builder().listener(listener).build()) {
        done = orchestrator.run(Harness.request());
      }
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), "the run ended while the handler was still blocked");
      assertEquals(0, handlerReturned.get(), "a listener calling the handler on the run's thread would have waited for it");
      release.countDown();
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));

      assertEquals(7, meters.get("awo.step").timers().stream().mapToLong(t -> t.count()).sum());
      assertEquals(1, meters.get("awo.work_order").tag("outcome", "completed").timer().count());
      assertEquals(0, listener.droppedEvents());
    }
  }

  @Test
  @DisplayName("a DAG with a human gate and parallel nodes: the gauge shows it waiting, every node is a child step, the gate has no agent")
  void gatedParallelDag() throws Exception {
    Harness h = new Harness(base);
    WorkflowDefinition gated = WorkflowDefinition.builder("gated")
        .node(NodeDefinition.agentCall("plan", "generic").arguments("$context.task").build())
        .node(NodeDefinition.humanGate("approve").message("Go?").build())
        .node(NodeDefinition.agentCall("left", "generic").arguments("$plan.output").build())
        .node(NodeDefinition.agentCall("right", "generic").arguments("$plan.output").build())
        .edge("plan", "approve").edge("approve", "left").edge("approve", "right").build();
    try (Recording rec = new Recording()) {
      try (WorkflowOrchestrator orchestrator = h.builder().agentExecutor(FunctionAgent.echo())
          .commandTemplates(new AnyTemplates()).workflow(gated).listener(rec.listener).build()) {
        WorkOrderId id = orchestrator.submit(
            WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").workflow("gated").build());
        awaitStatus(orchestrator, id, WorkOrderStatus.WAITING);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rec.meters.get("awo.work_orders").tag("status", "waiting").gauge().value() != 1.0) {
          assertTrue(System.nanoTime() < deadline, "the gauge did not show the waiting work order within 30 s");
          Thread.sleep(5); // the status is stored before listeners hear of it
        }
        assertEquals(0.0, rec.meters.get("awo.work_orders").tag("status", "running").gauge().value());

        orchestrator.approve(id, "approve");
        awaitStatus(orchestrator, id, WorkOrderStatus.COMPLETED);
      }
      rec.recorded();

      assertEquals(0.0, rec.meters.get("awo.work_orders").tag("status", "waiting").gauge().value());
      assertEquals(1, rec.timerCount("awo.work_order", "workflow", "gated", "outcome", "completed"));
      assertThat(rec.observations).hasNumberOfObservationsWithNameEqualTo("awo.step", 4)
          .forAllObservationsWithNameEqualTo("awo.step", step -> step.hasParentObservation()
              .hasLowCardinalityKeyValue("outcome", "succeeded"))
          .hasAnObservation(o -> o.hasNameEqualTo("awo.step").hasLowCardinalityKeyValue("step", "approve")
              .hasLowCardinalityKeyValue("agent", "none"));
      assertEquals(0, rec.listener.trackedWorkOrders());
    }
  }

  private static void awaitStatus(WorkflowOrchestrator orchestrator, WorkOrderId id, WorkOrderStatus wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (orchestrator.workOrder(id).orElseThrow().status() != wanted) {
      assertTrue(System.nanoTime() < deadline, "work order " + id + " did not become " + wanted + " within 30 s");
      Thread.sleep(5);
    }
  }

  private static double sum(Recording rec, String kind) {
    return rec.meters.get("awo.tokens").tag("kind", kind).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
