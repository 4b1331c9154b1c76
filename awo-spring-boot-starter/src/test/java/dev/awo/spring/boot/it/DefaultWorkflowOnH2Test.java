package dev.awo.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.micrometer.MicrometerWorkOrderListener;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spring.boot.autoconfigure.AwoHealthIndicator;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;
import dev.awo.testkit.ScriptedPorts;
import dev.awo.testkit.WorkflowTestEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application with H2, Flyway, the actuator and Micrometer runs the default workflow
 * with a scripted agent: the history is saved in the database, the meters and the observations are
 * recorded with their tags, and awo is healthy.
 */
@SpringBootTest(classes = DefaultWorkflowOnH2Test.App.class, properties = {
    "spring.datasource.url=jdbc:h2:mem:awo-it;DB_CLOSE_DELAY=-1",
    "spring.datasource.username=sa",
    "awo.github.enabled=false"})
class DefaultWorkflowOnH2Test {
  @Autowired WorkflowOrchestrator orchestrator;
  @Autowired StepHistoryRepository histories;
  @Autowired DataSource dataSource;
  @Autowired MeterRegistry meters;
  @Autowired TestObservationRegistry observations;
  @Autowired MicrometerWorkOrderListener micrometer;
  @Autowired AwoHealthIndicator health;

  @Test
  void theDefaultWorkflowIsSavedMeasuredAndObserved() {
    WorkOrder order = orchestrator.run(
        WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL, "Add a --verbose flag").build());
    assertThat(order.status()).isEqualTo(WorkOrderStatus.COMPLETED);

    assertThat(histories).isInstanceOf(JdbcStepHistoryRepository.class);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<String> saved = jdbc.queryForList(
        "SELECT step FROM awo_step_results WHERE work_order_id = ? ORDER BY seq", String.class, order.id().value());
    assertThat(saved).isEqualTo(DefaultWorkflow.STEPS);
    assertThat(jdbc.queryForObject("SELECT version FROM awo_step_histories WHERE work_order_id = ?", Long.class,
        order.id().value())).isEqualTo(7L);
    assertThat(new JdbcWorkOrderRepository(dataSource).find(order.id())).get()
        .extracting(WorkOrder::status).isEqualTo(WorkOrderStatus.COMPLETED);

    assertThat(micrometer.awaitRecorded(Duration.ofSeconds(30))).isTrue();
    assertThat(meters.get("awo.work_order").tag("outcome", "completed").tag("workflow", "default").timer().count())
        .isEqualTo(1);
    for (String step : DefaultWorkflow.STEPS) {
      assertThat(meters.get("awo.step").tag("step", step).tag("outcome", "succeeded").tag("attempt", "1")
          .timer().count()).as(step).isEqualTo(1);
    }
    assertThat(meters.get("awo.cost").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(0.07, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(meters.get("awo.tokens").tag("kind", "input").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(700.0);

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("awo.work_order", 1)
        .hasNumberOfObservationsWithNameEqualTo("awo.step", 7)
        .hasObservationWithNameEqualTo("awo.work_order").that()
        .hasLowCardinalityKeyValue("outcome", "completed").hasBeenStarted().hasBeenStopped();

    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(ScriptedPorts.class)
  static class App {
    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }

  }
}
