package dev.awo.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.micrometer.MicrometerWorkOrderListener;
import dev.awo.spring.boot.web.AwoWebAutoConfiguration;
import dev.awo.spring.boot.web.SseEventHub;
import dev.awo.spring.boot.web.WorkOrderController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import dev.awo.testkit.ScriptedPorts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The parts that switch on with what the application has: Micrometer, the actuator endpoint, the web endpoints. */
class AwoOptionalPartsTest {

  @Test
  void withObservationAndMeterRegistriesTheMicrometerListenerRecordsTheRunAndIsClosedWithTheContext() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AtomicReference<MicrometerWorkOrderListener> listener = new AtomicReference<>();
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withBean(MeterRegistry.class, () -> meters)
        .run(context -> {
          assertThat(context).hasSingleBean(MicrometerWorkOrderListener.class);
          listener.set(context.getBean(MicrometerWorkOrderListener.class));
          context.getBean(WorkflowOrchestrator.class).run(TestContexts.request("Add a flag"));
          assertThat(listener.get().awaitRecorded(Duration.ofSeconds(30))).isTrue();
          assertThat(meters.get("awo.cost").counters()).hasSize(7); // one per step (and agent)
        });
    long droppedBefore = listener.get().droppedEvents();
    listener.get().onEvent(aStepStart());
    assertThat(listener.get().droppedEvents()).as("events after close are dropped").isEqualTo(droppedBefore + 1);
  }

  @Test
  void withoutRegistriesOrWithoutMicrometerThereIsNoListener() {
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerWorkOrderListener.class));
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .withClassLoader(new FilteredClassLoader(MicrometerWorkOrderListener.class))
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerWorkOrderListener.class));
  }

  @Test
  void theAwoEndpointListsWorkOrdersAndCountsThemByStatus() {
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class).run(context -> {
      WorkOrder order = context.getBean(WorkflowOrchestrator.class).run(TestContexts.request("Add a flag"));
      AwoEndpoint endpoint = context.getBean(AwoEndpoint.class);
      Map<String, Object> all = endpoint.workOrders();
      @SuppressWarnings("unchecked")
      Map<String, Long> counts = (Map<String, Long>) all.get("counts");
      assertThat(counts).containsEntry("completed", 1L).containsEntry("running", 0L);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> orders = (List<Map<String, Object>>) all.get("work_orders");
      assertThat(orders).hasSize(1);
      assertThat(orders.get(0)).containsEntry("agent_work_order_id", order.id().value())
          .doesNotContainKey("user_request");
      assertThat(endpoint.byStatus("completed")).hasSize(1);
      assertThat(endpoint.byStatus("failed")).isEmpty();
    });
  }

  @Test
  void theWebEndpointsAreOffUnlessEnabledAndOnlyInAServletApplication() {
    WebApplicationContextRunner web = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AwoAutoConfiguration.class, AwoWebAutoConfiguration.class))
        .withUserConfiguration(ScriptedPorts.class)
        .withPropertyValues("awo.github.enabled=false", "awo.recovery.enabled=false");
    web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkOrderController.class));
    web.withPropertyValues("awo.web.enabled=true").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(WorkOrderController.class).hasSingleBean(SseEventHub.class);
    });
    TestContexts.awo().withConfiguration(AutoConfigurations.of(AwoWebAutoConfiguration.class))
        .withUserConfiguration(ScriptedPorts.class).withPropertyValues("awo.web.enabled=true")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkOrderController.class));
  }

  @Test
  void aBareApplicationWithoutActuatorWebOrFlywayStillGetsItsOrchestrator() {
    TestContexts.awo().withConfiguration(AutoConfigurations.of(AwoWebAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate",
            "org.springframework.web", "org.flywaydb", "io.micrometer.observation"))
        .withUserConfiguration(ScriptedPorts.class).withPropertyValues("awo.web.enabled=true")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(WorkflowOrchestrator.class)
              .doesNotHaveBean(AwoHealthIndicator.class).doesNotHaveBean(AwoEndpoint.class)
              .doesNotHaveBean(WorkOrderController.class).doesNotHaveBean(MicrometerWorkOrderListener.class);
        });
  }

  private static dev.awo.spi.event.WorkOrderEvent aStepStart() {
    return new dev.awo.spi.event.WorkOrderEvent.StepStarted(dev.awo.domain.WorkOrderId.of("wo-00000001"),
        java.time.Instant.EPOCH, "classify", 1, 1, 7);
  }
}
