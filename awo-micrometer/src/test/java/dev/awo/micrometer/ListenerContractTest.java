package dev.awo.micrometer;

import static dev.awo.micrometer.EventScript.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepOutcome;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.micrometer.internal.TagValueLimiter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The listener contract: bounded, isolated, thread-safe")
class ListenerContractTest {

  @Test
  @DisplayName("after 10,000 work orders no state is held and the number of meters has not grown")
  void noGrowthAfterTenThousandWorkOrders() {
    try (Recording rec = new Recording()) {
      for (int i = 0; i < 100; i++) {
        EventScript.run(id(i), WorkOrderStatus.COMPLETED, "classify", "plan").feed(rec.listener);
      }
      rec.recorded();
      int metersAfter100 = rec.meters.getMeters().size();
      rec.observations.clear();
      for (int i = 100; i < 10_000; i++) {
        EventScript.run(id(i), i % 3 == 0 ? WorkOrderStatus.FAILED : WorkOrderStatus.COMPLETED, "classify", "plan")
            .feed(rec.listener);
        if (i % 1000 == 0) {
          rec.recorded(); // keeps the queue below its capacity, as steps that take time do
          rec.observations.clear();
        }
      }
      rec.recorded();

      assertEquals(0, rec.listener.trackedWorkOrders());
      assertEquals(0, rec.listener.droppedEvents());
      assertEquals(metersAfter100 + 1, rec.meters.getMeters().size(), "only the timer of the failed outcome is new");
      assertEquals(10_000, rec.meters.get("awo.work_order").timers().stream().mapToLong(t -> t.count()).sum());
    }
  }

  @Test
  @DisplayName("beyond maxTrackedWorkOrders unfinished work orders, the oldest is closed with outcome unknown and forgotten")
  void oldestUnfinishedWorkOrderIsEvicted() {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    try (MicrometerWorkOrderListener listener =
        MicrometerWorkOrderListener.builder(registry, meters).maxTrackedWorkOrders(2).build()) {
      for (int i = 1; i <= 3; i++) {
        EventScript.workOrder(id(i)).status(WorkOrderStatus.RUNNING).started("plan", 1).feed(listener);
      }
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));

      assertEquals(2, listener.trackedWorkOrders());
      assertEquals(1, meters.get("awo.work_order").tag("outcome", "unknown").timer().count());
      assertEquals(1, meters.get("awo.step").tag("outcome", "unrecorded").timer().count());
      assertEquals(2.0, meters.get("awo.work_orders").tag("status", "running").gauge().value());
    }
  }

  @Test
  @DisplayName("events of different work orders arriving from many threads at once are all recorded")
  void concurrentWorkOrders() throws Exception {
    try (Recording rec = new Recording()) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          done.add(threads.submit(() -> {
            for (int i = 0; i < 250; i++) {
              EventScript.run(id(thread * 1000 + i), WorkOrderStatus.COMPLETED, "classify", "plan").feed(rec.listener);
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      rec.recorded();

      assertEquals(0, rec.listener.droppedEvents());
      assertEquals(2000, rec.timerCount("awo.work_order", "outcome", "completed"));
      assertEquals(2000, rec.timerCount("awo.step", "step", "plan", "outcome", "succeeded"));
      assertEquals(500.0, rec.counter("awo.cost", "step", "classify"), 1e-6);
      assertEquals(0.0, rec.meters.get("awo.work_orders").tag("status", "running").gauge().value());
      assertEquals(0, rec.listener.trackedWorkOrders());
    }
  }

  @Test
  @DisplayName("tag values are bounded: a workflow with hundreds of step names yields at most maxTagValues of them, then 'other'")
  void tagCardinalityIsBounded() {
    try (Recording rec = new Recording(b -> b.maxTagValues(20))) {
      String[] steps = new String[300];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = "step_" + i;
      }
      EventScript.run(id(1), WorkOrderStatus.COMPLETED, steps).feed(rec.listener);
      rec.recorded();

      for (String name : List.of("awo.step", "awo.cost", "awo.tokens")) {
        Set<String> values = rec.meters.find(name).meters().stream()
            .map(m -> m.getId().getTag("step")).collect(Collectors.toSet());
        assertEquals(21, values.size(), name + " step values: " + values);
        assertTrue(values.contains(TagValueLimiter.OTHER));
      }
      assertEquals(300, rec.meters.get("awo.step").tag("step", "other").timers().stream().mapToLong(t -> t.count()).sum() + 20);
    }
  }

  @Test
  @DisplayName("an observation handler that throws on every call breaks nothing: every event is still handled and state released")
  void throwingHandlerIsContained() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ThrowingHandler());
    MeterRegistry meters = new SimpleMeterRegistry();
    try (MicrometerWorkOrderListener listener = MicrometerWorkOrderListener.builder(registry, meters).build()) {
      for (int i = 0; i < 50; i++) {
        EventScript.run(id(i), WorkOrderStatus.COMPLETED, "classify", "plan").feed(listener);
      }
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));

      assertEquals(0, listener.trackedWorkOrders());
      assertEquals(25.0, meters.get("awo.cost").counters().stream().mapToDouble(c -> c.count()).sum(), 1e-9,
          "meters not behind the failing handler still count");
    }
  }

  @Test
  @DisplayName("a meter registry that refuses every meter breaks nothing")
  void throwingMeterRegistryIsContained() {
    MeterRegistry meters = new SimpleMeterRegistry();
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        throw new IllegalStateException("registry down");
      }
    });
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    try (MicrometerWorkOrderListener listener = MicrometerWorkOrderListener.builder(registry, meters).build()) {
      EventScript.workOrder(id(1)).status(WorkOrderStatus.RUNNING).step("classify")
          .started("plan", 1).saveFailed("plan", 1, StepOutcome.SUCCEEDED).status(WorkOrderStatus.FAILED).feed(listener);
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));
      assertEquals(0, listener.trackedWorkOrders());
    }
  }

  @Test
  @DisplayName("a handler that blocks does not hold up the caller, and events beyond the queue's capacity are dropped and counted")
  void blockedHandlerDoesNotBlockCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context context) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    MeterRegistry meters = new SimpleMeterRegistry();
    try (MicrometerWorkOrderListener listener = MicrometerWorkOrderListener.builder(registry, meters)
        .queueCapacity(10).build()) {
      EventScript.run(id(1), WorkOrderStatus.COMPLETED, "classify").feed(listener);
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      for (int i = 2; i < 30; i++) {
        EventScript.run(id(i), WorkOrderStatus.COMPLETED, "classify").feed(listener); // returns while the handler blocks
      }
      assertTrue(listener.droppedEvents() > 0, "events beyond the capacity are dropped");
      release.countDown();
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));
      assertEquals((double) listener.droppedEvents(), meters.get("awo.listener.events.dropped").functionCounter().count());
    }
  }

  @Test
  @DisplayName("events heard after close are dropped and counted, without an exception; closing twice is harmless")
  void eventsAfterClose() {
    MicrometerWorkOrderListener listener =
        MicrometerWorkOrderListener.builder(ObservationRegistry.create(), new SimpleMeterRegistry()).build();
    listener.close();
    EventScript.run(id(1), WorkOrderStatus.COMPLETED, "classify").feed(listener);
    listener.close();

    assertEquals(4, listener.droppedEvents());
    assertEquals(0, listener.trackedWorkOrders());
  }

  @Test
  @DisplayName("a host convention replaces the default names and key values")
  void hostConvention() {
    try (Recording rec = new Recording(b -> b.workOrderConvention(new DefaultWorkOrderObservationConvention() {
      @Override
      public String getName() {
        return "acme.agent.jobs";
      }

      @Override
      public io.micrometer.common.KeyValues getLowCardinalityKeyValues(WorkOrderObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and("team", "platform");
      }
    }))) {
      EventScript.run(id(1), WorkOrderStatus.COMPLETED, "classify").feed(rec.listener);
      rec.recorded();

      assertEquals(1, rec.timerCount("acme.agent.jobs", "team", "platform", "outcome", "completed"));
      assertTrue(rec.meters.find("awo.work_order").meters().isEmpty());
      assertEquals(Tag.of("workflow", "default"), rec.meters.get("acme.agent.jobs").timer().getId().getTags().stream()
          .filter(t -> t.getKey().equals("workflow")).findFirst().orElseThrow());
    }
  }

  @Test
  @DisplayName("the builder refuses bad settings with a message naming them")
  void builderValidates() {
    var builder = MicrometerWorkOrderListener.builder(ObservationRegistry.NOOP, new SimpleMeterRegistry());
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.awo.domain.InvalidInputException.class, () -> builder.maxTagValues(0));
    assertTrue(e.getMessage().contains("maxTagValues"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(dev.awo.domain.InvalidInputException.class,
        () -> MicrometerWorkOrderListener.builder(null, new SimpleMeterRegistry()));
    org.junit.jupiter.api.Assertions.assertThrows(dev.awo.domain.InvalidInputException.class,
        () -> builder.failureLogInterval(Duration.ZERO));
  }

  /** Throws from every callback. */
  private static final class ThrowingHandler implements ObservationHandler<Observation.Context> {
    @Override
    public void onStart(Observation.Context context) {
      throw new IllegalStateException("handler down");
    }

    @Override
    public void onError(Observation.Context context) {
      throw new IllegalStateException("handler down");
    }

    @Override
    public void onStop(Observation.Context context) {
      throw new IllegalStateException("handler down");
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }
}
