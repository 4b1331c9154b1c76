package dev.awo.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.testkit.InMemorySandboxFactory;
import dev.awo.testkit.ScriptedAgent;
import dev.awo.testkit.ScriptedPorts;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A work order waiting at a gate when the application stops is taken up by the next start. */
class AwoRecoveryTest {
  /** Sandboxes that outlive an application context, as a git sandbox on disk outlives the JVM. */
  @Configuration(proxyBeanMethods = false)
  static class SurvivingSandboxes {
    static final InMemorySandboxFactory SANDBOXES = InMemorySandboxFactory.inTemporaryDirectory();

    @Bean
    InMemorySandboxFactory sandboxes() {
      return SANDBOXES;
    }

    @Bean
    ScriptedAgent agent(InMemorySandboxFactory sandboxes) {
      return ScriptedPorts.linked(ScriptedAgent.forDefaultWorkflow().build(), sandboxes);
    }
  }

  private final ApplicationContextRunner app = runner(SurvivingSandboxes.class, "recovery");

  private static ApplicationContextRunner runner(Class<?> ports, String database) {
    return TestContexts.awo()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withUserConfiguration(ports)
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
            "spring.datasource.username=sa", "awo.workflows.locations=classpath:awo/gated/",
            "awo.recovery.enabled=true");
  }

  @Test
  void aWaitingWorkOrderWhoseSandboxIsLostFailsWithTheReasonAfterTheRestart() {
    ApplicationContextRunner lost = runner(ScriptedPorts.class, "recovery-lost"); // a new sandbox directory per start
    AtomicReference<WorkOrderId> waiting = new AtomicReference<>();
    lost.run(context -> waiting.set(context.getBean(WorkflowOrchestrator.class)
        .run(WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL, "Add a flag").workflow("gated").build())
        .id()));
    lost.run(context -> {
      assertThat(context.getBean(AwoRecovery.class).report().failed()).containsExactly(waiting.get());
      WorkOrder ended = awaitEnd(context.getBean(WorkflowOrchestrator.class), waiting.get());
      assertThat(ended.status()).isEqualTo(WorkOrderStatus.FAILED);
      assertThat(ended.errorMessage()).isEqualTo(
          "the sandbox was lost in a crash at step approve; its changes had not been pushed");
    });
  }

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
