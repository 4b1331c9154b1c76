package dev.awo.temporal.crash;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FakeSandboxFactory;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;
import dev.awo.temporal.AwoWorkers;
import dev.awo.temporal.TemporalOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;

/**
 * An activity worker JVM for the crash and makespan tests (the workflow worker runs in the test
 * JVM: Temporal's Java test server loses tasks handed to the polls of a killed process, so the
 * killed process must not be the one polling for workflow tasks): awo's activities on a Temporal server at
 * {@code 127.0.0.1:<port>}, repositories in a shared H2 TCP database, fake sandboxes under its own
 * directory, and an agent that sleeps {@code stepMillis} per step. Prints {@code ready} once
 * polling, then runs until killed.
 *
 * <p>{@code java -cp <test classpath> dev.awo.temporal.crash.CrashWorker <port> <jdbc url> <dir> <stepMillis> [<max concurrent activities>]}
 */
public final class CrashWorker {
  /** The seven-step linear workflow the crash test and the harness run: generic steps, no output checks. */
  public static final String WORKFLOW = "seven";

  static final TemporalOptions OPTIONS = TemporalOptions.builder().heartbeatTimeout(Duration.ofSeconds(2))
      .workerLostTimeout(Duration.ofSeconds(4)).build();

  private CrashWorker() {}

  /** The seven generic steps s1..s7 in a line. */
  public static WorkflowDefinition seven() {
    WorkflowDefinition.Builder b = WorkflowDefinition.builder(WORKFLOW);
    for (int i = 1; i <= 7; i++) {
      b.node(NodeDefinition.agentCall("s" + i, "generic").arguments("$context.task").build());
      if (i > 1) {
        b.edge("s" + (i - 1), "s" + i);
      }
    }
    return b.build();
  }

  /** The ports every process of the test shares: the H2 repositories, the workflow, templates. */
  public static WorkflowOrchestratorBuilder ports(String jdbcUrl, Path sandboxes, long stepMillis) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(jdbcUrl);
    return WorkflowOrchestrator.builder()
        .stepHistoryRepository(new JdbcStepHistoryRepository(ds))
        .workOrderRepository(new JdbcWorkOrderRepository(ds))
        .sandboxFactory(new FakeSandboxFactory(sandboxes))
        .commandTemplates(new AnyTemplates())
        .workflow(seven())
        .agentExecutor((request, events) -> {
          try {
            Thread.sleep(stepMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AgentOutcome.failed("interrupted", Duration.ZERO);
          }
          events.accept(new AgentEvent.AssistantText("m", "done " + request.step()));
          return AgentOutcome.succeeded("done: " + request.step(), "session", Duration.ofMillis(stepMillis));
        });
  }

  public static WorkflowClient client(int port) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    return WorkflowClient.newInstance(service);
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    WorkerFactory factory = WorkerFactory.newInstance(client(port));
    TemporalOptions options = OPTIONS.toBuilder()
        .maxConcurrentAttempts(args.length > 4 ? Integer.parseInt(args[4]) : 200).build();
    AwoWorkers.register(factory, ports(args[1], Path.of(args[2]), Long.parseLong(args[3])), options,
        WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build(), AwoWorkers.Role.ACTIVITIES);
    factory.start();
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join();
  }
}
