package dev.awo.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A run's event publisher")
class RunEventsTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");

  private static WorkOrderEvent.StepStarted started(int n) {
    return new WorkOrderEvent.StepStarted(ID, Instant.EPOCH, "s" + n, 1, n, 1000);
  }

  private static ListenerFanout recording(List<WorkOrderEvent> heard, AtomicInteger overlaps) {
    AtomicInteger inside = new AtomicInteger();
    return new ListenerFanout(List.of(new WorkOrderListener() {
      @Override
      public void onEvent(WorkOrderEvent event) {
        if (inside.incrementAndGet() > 1) {
          overlaps.incrementAndGet();
        }
        heard.add(event);
        inside.decrementAndGet();
      }
    }));
  }

  @Test
  @DisplayName("events published from one thread are delivered in that order, one at a time, on a pool of many threads")
  @Timeout(30)
  void orderAndOneAtATime() {
    List<WorkOrderEvent> heard = new CopyOnWriteArrayList<>();
    AtomicInteger overlaps = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      RunEvents events = new RunEvents(recording(heard, overlaps), pool, ID.value());
      List<WorkOrderEvent> sent = new ArrayList<>();
      for (int i = 1; i <= 1000; i++) {
        sent.add(started(i));
        events.publish(sent.get(sent.size() - 1));
      }
      assertTrue(events.awaitFlushed(Duration.ofSeconds(20)));
      assertEquals(sent, heard);
      assertEquals(0, overlaps.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("when the listener executor refuses, the publishing thread delivers: nothing is dropped")
  void refusedExecutorDeliversInline() {
    List<WorkOrderEvent> heard = new CopyOnWriteArrayList<>();
    RunEvents events = new RunEvents(recording(heard, new AtomicInteger()), r -> {
      throw new RejectedExecutionException("shut down");
    }, ID.value());
    WorkOrderEvent status = new WorkOrderEvent.StatusChanged(ID, Instant.EPOCH, WorkOrderStatus.RUNNING,
        WorkOrderStatus.COMPLETED, null);
    events.publish(started(1));
    events.publish(status);
    assertEquals(List.of(started(1), status), heard);
    assertTrue(events.flushed().isDone());
  }
}
