package dev.awo.examples.http;

import dev.awo.core.SandboxRetention;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.FakeSandboxFactory;
import dev.awo.core.fixtures.ScriptedAgent;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.spi.agent.AgentExecutor;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A running server over an orchestrator with fake sandboxes and a scripted agent, on a free
 * loopback port; counts what was started so that a test can assert a refusal left nothing behind.
 */
final class ServerFixture implements AutoCloseable {
  final FakeSandboxFactory sandboxes;
  final ScriptedAgent agent;
  final WorkflowOrchestrator orchestrator;
  final WorkOrderHttpServer server;
  final HttpTestClient http;
  final WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
  private final Semaphore gate = new Semaphore(0);

  /** {@code gated}: each agent call waits for {@link #release()}, so the test decides when a step runs. */
  ServerFixture(Path dir, boolean gated, UnaryOperator<WorkOrderHttpServer.Builder> config) {
    this(dir, gated, config, UnaryOperator.identity(), builder -> {});
  }

  /**
   * {@code around} wraps the scripted agent (e.g. to report live activity first); {@code
   * orchestration} adds to the orchestrator's builder (e.g. a workflow).
   */
  ServerFixture(Path dir, boolean gated, UnaryOperator<WorkOrderHttpServer.Builder> config,
      UnaryOperator<AgentExecutor> around, Consumer<WorkflowOrchestratorBuilder> orchestration) {
    sandboxes = new FakeSandboxFactory(dir);
    EventHub hub = new EventHub();
    agent = new ScriptedAgent(sandboxes);
    if (gated) {
      agent.hook(request -> {
        try {
          gate.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    WorkflowOrchestratorBuilder builder = WorkflowOrchestrator.builder().sandboxFactory(sandboxes)
        .agentExecutor(around.apply(agent)).listener(hub).listener(logs).sandboxRetention(SandboxRetention.KEEP);
    orchestration.accept(builder);
    orchestrator = builder.build();
    server = config.apply(WorkOrderHttpServer.builder(orchestrator, hub).logs(logs)).start();
    http = new HttpTestClient(server.uri(), server.accessToken());
  }

  ServerFixture(Path dir, boolean gated) {
    this(dir, gated, UnaryOperator.identity());
  }

  int port() {
    return server.port();
  }

  /**
   * Waits (at most 20 s) until an agent call is parked at the gate: the run's state no longer
   * changes until {@link #release()}.
   */
  void awaitParkedAgent() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!gate.hasQueuedThreads()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no agent call reached the gate within 20 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  /** Lets exactly one more agent call run. */
  void release() {
    gate.release();
  }

  /** Lets {@code calls} more agent calls run. */
  void release(int calls) {
    gate.release(calls);
  }

  /** Nothing was created and nothing ran: no work order, no sandbox, no agent call. */
  boolean untouched() {
    return orchestrator.workOrders().isEmpty() && sandboxes.created() == 0 && agent.requests().isEmpty();
  }

  @Override
  public void close() {
    gate.release(1000);
    server.close();
    orchestrator.close();
  }
}
