package dev.awo.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.testkit.ScriptedPorts;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A work order waiting at a gate when the application stops is taken up by the next start. */
class AwoRecoveryTest {
  private final ApplicationContextRunner app = TestContexts.awo()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
      .withUserConfiguration(ScriptedPorts.class)
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:recovery;DB_CLOSE_DELAY=-1",
          "spring.datasource.username=sa", "awo.workflows.locations=classpath:awo/gated/",
          "awo.recovery.enabled=true");

  @Test
  void aWaitingWorkOrderSurvivesARestartAndCanBeApprovedAfterIt() {
    AtomicReference<WorkOrderId> waiting = new AtomicReference<>();
    app.run(context -> {
      WorkflowOrchestrator orchestrator = context.getBean(WorkflowOrchestrator.class);
      WorkOrder order = orchestrator.run(WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL, "Add a flag")
          .workflow("gated").build());
      assertThat(order.status()).isEqualTo(WorkOrderStatus.WAITING);
      assertThat(context.getBean(AwoRecovery.class).recovered()).isEmpty();
      waiting.set(order.id());
    });
    app.run(context -> {
      assertThat(context.getBean(AwoRecovery.class).recovered()).containsExactly(waiting.get());
      WorkflowOrchestrator orchestrator = context.getBean(WorkflowOrchestrator.class);
      assertThat(orchestrator.waitingGates(waiting.get())).containsKey("approve");
      orchestrator.approve(waiting.get(), "approve");
      assertThat(awaitEnd(orchestrator, waiting.get()).status()).isEqualTo(WorkOrderStatus.COMPLETED);
      assertThat(orchestrator.stepHistory(waiting.get()).results()).extracting(r -> r.step())
          .containsExactly("classify", "approve", "plan");
    });
  }

  private static WorkOrder awaitEnd(WorkflowOrchestrator orchestrator, WorkOrderId id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      WorkOrder order = orchestrator.workOrder(id).orElseThrow();
      if (order.status().isTerminal()) {
        return order;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("work order " + id + " did not end within 60 s");
  }
}
