package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Listeners")
class ListenerTest {
  @TempDir Path base;

  @Test
  @DisplayName("for every save, the repository already holds the snapshot when the listener hears of it")
  void repositoryHoldsSnapshotBeforeListenerIsCalled() {
    Harness h = new Harness(base);
    List<String> problems = new CopyOnWriteArrayList<>();
    List<Long> heard = new CopyOnWriteArrayList<>();
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder().listener(new WorkOrderListener() {
      @Override
      public void onHistorySaved(WorkOrderEvent.HistorySaved saved) {
        StepHistory stored = h.histories.find(saved.workOrderId()).orElse(null);
        if (stored == null || stored.version() < saved.snapshot().version()) {
          problems.add("listener heard of version " + saved.snapshot().version() + " before it was stored");
        }
        if (!saved.snapshot().latest().orElseThrow().equals(saved.result())) {
          problems.add("the event's result is not the snapshot's newest");
        }
        heard.add(saved.snapshot().version());
      }
    }).build()) {
      done = orchestrator.run(Harness.request());
    }
    assertEquals(List.of(), problems);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), heard);
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
  }

  @Test
  @DisplayName("a listener that throws does not stop the run or keep later listeners from hearing events")
  void throwingListenerIsIsolated() {
    Harness h = new Harness(base);
    List<String> later = new CopyOnWriteArrayList<>();
    WorkOrder done;
    try (WorkflowOrchestrator orchestrator = h.builder()
        .listener(new WorkOrderListener() {
          @Override
          public void onEvent(WorkOrderEvent event) {
            throw new IllegalStateException("listener bug");
          }
        })
        .listener(new WorkOrderListener() {
          @Override
          public void onEvent(WorkOrderEvent event) {
            later.add(event.name());
          }
        }).build()) {
      done = orchestrator.run(Harness.request());
    }
    assertEquals(WorkOrderStatus.COMPLETED, done.status());
    assertEquals(7, later.stream().filter("step_history_saved"::equals).count());
    assertTrue(later.contains("status_changed"));
    assertEquals(h.events.stream().map(WorkOrderEvent::name).toList(), later,
        "the listener after the throwing one hears exactly what the first-registered one heard");
  }

  @Test
  @DisplayName("events arrive in run order: started, then per step started and saved, then the final status")
  void eventOrder() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      orchestrator.run(Harness.request());
    }
    List<String> names = h.events.stream().filter(e -> !(e instanceof WorkOrderEvent.AgentEventReceived))
        .map(e -> e instanceof WorkOrderEvent.StepStarted s ? "start:" + s.step()
            : e instanceof WorkOrderEvent.HistorySaved s ? "saved:" + s.result().step()
            : e instanceof WorkOrderEvent.StatusChanged s ? "status:" + s.current().wireName() : e.name())
        .toList();
    assertEquals(List.of("status:running",
        "start:classify", "saved:classify", "start:plan", "saved:plan", "start:find_plan", "saved:find_plan",
        "start:generate_branch", "saved:generate_branch", "start:implement", "saved:implement",
        "start:commit", "saved:commit", "start:create_pr", "saved:create_pr", "status:completed"), names);
    WorkOrderEvent.StepStarted third = h.events(WorkOrderEvent.StepStarted.class).get(2);
    assertEquals(3, third.position());
    assertEquals(7, third.total());
    assertTrue(h.events(WorkOrderEvent.AgentEventReceived.class).size() >= 14, "agent events are passed on live");
  }

  @Test
  @DisplayName("listeners are called on the host's listener executor, which close() leaves to its owner")
  void hostListenerExecutor() {
    Harness h = new Harness(base);
    java.util.concurrent.ExecutorService host = java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> new Thread(r, "host-listener-thread"));
    List<String> threads = new CopyOnWriteArrayList<>();
    try {
      try (WorkflowOrchestrator orchestrator = h.builder().listenerExecutor(host).listener(new WorkOrderListener() {
        @Override
        public void onEvent(WorkOrderEvent event) {
          threads.add(Thread.currentThread().getName());
        }
      }).build()) {
        orchestrator.run(Harness.request());
      }
      assertTrue(threads.size() >= 16, "every event was heard: " + threads.size());
      assertEquals(List.of("host-listener-thread"), threads.stream().distinct().toList());
      assertTrue(!host.isShutdown(), "the host's executor is left to the host");
    } finally {
      host.shutdownNow();
    }
  }
}
