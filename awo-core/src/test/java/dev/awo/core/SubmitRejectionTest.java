package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A submission that is not accepted")
class SubmitRejectionTest {
  @TempDir Path base;

  @Test
  @DisplayName("refused by a full executor throws WorkOrderRejectedException and leaves no row and no entry")
  void executorRefuses() throws Exception {
    Harness h = new Harness(base);
    AtomicBoolean full = new AtomicBoolean(true);
    try (WorkflowOrchestrator o = h.builder().executor(task -> {
      if (full.get()) {
        throw new RejectedExecutionException("queue full");
      }
      new Thread(task).start();
    }).build()) {
      WorkOrderRejectedException e = assertThrows(WorkOrderRejectedException.class, () -> o.submit(Harness.request()));
      assertTrue(e.getMessage().contains("not accepted"), e.getMessage());
      assertEquals(List.of(), o.workOrders(), "no work order row, not even a failed one");
      WorkOrderId refused = WorkOrderId.of("wo-00000001");
      assertThrows(UnknownWorkOrderException.class, () -> o.completion(refused), "nothing kept in the registry");
      assertEquals(0, h.histories.calls());
      full.set(false);
      WorkOrderId accepted = o.submit(Harness.request());
      assertEquals(WorkOrderStatus.COMPLETED, o.completion(accepted).get(20, TimeUnit.SECONDS).status());
      assertEquals(1, o.workOrders().size());
    }
  }

  @Test
  @DisplayName("after close() throws OrchestratorClosedException and stores nothing")
  void closedOrchestrator() {
    Harness h = new Harness(base);
    WorkflowOrchestrator o = h.builder().build();
    o.close();
    assertThrows(OrchestratorClosedException.class, () -> o.submit(Harness.request()));
    assertThrows(OrchestratorClosedException.class, () -> o.run(Harness.request()));
    assertEquals(List.of(), o.workOrders());
    assertEquals(0, h.sandboxes.created());
  }
}
