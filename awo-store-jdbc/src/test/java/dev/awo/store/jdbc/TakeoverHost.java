package dev.awo.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.TokenUsage;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.sandbox.SandboxRecovery;
import dev.awo.spi.sandbox.SandboxRequest;
import dev.awo.testkit.InMemorySandboxFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A child JVM of {@link TwoJvmTakeoverTest}: an orchestrator on the PostgreSQL store named by its
 * first argument, owner id = second argument, with a short lease; submits work orders {@code from}
 * to {@code to} (third and fourth arguments, idempotency key {@code proof-<n>}) and then serves
 * (takes over expired work orders) until killed. The agent answers every step after {@value
 * #STEP_MILLIS} ms.
 */
public final class TakeoverHost {
  static final Duration LEASE_TIMEOUT = Duration.ofSeconds(3);
  static final List<String> STEPS = List.of("s1", "s2", "s3", "s4");
  static final long STEP_MILLIS = 150;

  private TakeoverHost() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setMaximumPoolSize(12);
    HikariDataSource pool = new HikariDataSource(config);
    WorkflowOrchestrator orchestrator = WorkflowOrchestrator.builder()
        .agentExecutor(new SleepingAgent())
        .sandboxFactory(new RecreatingSandboxes(InMemorySandboxFactory.inTemporaryDirectory()))
        .workOrderRepository(new JdbcWorkOrderRepository(pool))
        .stepHistoryRepository(new JdbcStepHistoryRepository(pool))
        .ownerId(OwnerId.of(args[1]))
        .leaseTimeout(LEASE_TIMEOUT)
        .takeoverPeriod(Duration.ofMillis(300))
        .maxConcurrentWorkOrders(8)
        .workflow(WorkflowDefinition.linear("proof", STEPS.stream()
            .<NodeDefinition>map(s -> NodeDefinition.agentCall(s, "implementor").arguments("$context.task")
                .retry(DefaultWorkflow.AFTER_A_CRASH).build())
            .toList()).build())
        .build();
    for (int n = Integer.parseInt(args[2]); n < Integer.parseInt(args[3]); n++) {
      orchestrator.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Proof work order " + n)
          .workflow("proof").idempotencyKey("proof-" + n).build());
    }
    System.out.println("SUBMITTED " + args[1]);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /**
   * Sandboxes that a takeover re-creates: the proof's steps leave nothing in them, so a new one is
   * as good as the dead JVM's (a git factory would re-create it from the pushed branch).
   */
  static final class RecreatingSandboxes implements SandboxFactory {
    private final SandboxFactory delegate;

    RecreatingSandboxes(SandboxFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Sandbox create(SandboxRequest request) {
      return delegate.create(request);
    }

    @Override
    public Optional<RecoveredSandbox> recover(SandboxRecovery recovery) {
      return Optional.of(new RecoveredSandbox(delegate.create(recovery.request()), RecoveredSandbox.How.RECREATED,
          InMemorySandboxFactory.BASE_BRANCH));
    }
  }

  /** Answers every step after a short pause. */
  static final class SleepingAgent implements AgentExecutor {
    @Override
    public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
      try {
        Thread.sleep(STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return AgentOutcome.failed("interrupted", Duration.ZERO);
      }
      return new AgentOutcome(true, "done: " + request.step(), "session-" + request.workOrderId(),
          new BigDecimal("0.01"), new TokenUsage(10, 5, 0, 0), 1, Duration.ofMillis(STEP_MILLIS), null);
    }
  }
}
