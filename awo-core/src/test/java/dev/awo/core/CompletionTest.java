package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The completion handle")
class CompletionTest {
  @TempDir Path base;

  @Test
  @DisplayName("completes with the terminal work order, after the listeners heard the final status")
  @Timeout(30)
  void completesAfterListenersHeardTheEnd() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch release = new CountDownLatch(1);
    h.agent.hook(r -> {
      if (r.step().equals("classify")) {
        Latches.await(release);
      }
    });
    try (WorkflowOrchestrator o = h.builder().build()) {
      WorkOrderId id = o.submit(Harness.request());
      CompletableFuture<WorkOrder> done = o.completion(id);
      assertFalse(done.isDone(), "not done while the first step runs");
      release.countDown();
      WorkOrder order = done.get(20, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, order.status());
      WorkOrderEvent last = h.events.get(h.events.size() - 1);
      assertTrue(last instanceof WorkOrderEvent.StatusChanged s && s.current() == WorkOrderStatus.COMPLETED,
          "the listener has heard the final status by then: " + last);
      assertTrue(o.completion(id).isDone(), "asked again after the end, it is complete at once");
      assertEquals(order, o.completion(id).get());
    }
  }

  @Test
  @DisplayName("for an unknown id it throws UnknownWorkOrderException")
  void unknownId() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = h.builder().build()) {
      assertThrows(UnknownWorkOrderException.class, () -> o.completion(WorkOrderId.of("wo-0000beef")));
    }
  }

  @Test
  @DisplayName("cancelling the handle does not cancel the work order, nor other callers' handles")
  @Timeout(30)
  void cancellingTheHandleIsLocal() throws Exception {
    Harness h = new Harness(base);
    CountDownLatch release = new CountDownLatch(1);
    h.agent.hook(r -> Latches.await(release));
    try (WorkflowOrchestrator o = h.builder().build()) {
      WorkOrderId id = o.submit(Harness.request());
      o.completion(id).cancel(true);
      release.countDown();
      assertEquals(WorkOrderStatus.COMPLETED, o.completion(id).get(20, TimeUnit.SECONDS).status());
    }
  }
}
