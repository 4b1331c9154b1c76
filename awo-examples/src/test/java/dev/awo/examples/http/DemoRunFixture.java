package dev.awo.examples.http;

import dev.awo.core.SandboxRetention;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.examples.demo.DemoAgentExecutor;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.git.GitSandboxFactory;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.spi.agent.AgentExecutor;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A running server over real git sandboxes and the demo agent on a local demo repository: the
 * seven-step workflow really commits. {@code gated}: each agent call waits for {@link #release()}.
 */
final class DemoRunFixture implements AutoCloseable {
  final String repositoryUrl;
  final WorkflowOrchestrator orchestrator;
  final WorkOrderHttpServer server;
  final HttpTestClient http;
  private final GitSandboxFactory sandboxes;
  private final Semaphore gate = new Semaphore(0);

  DemoRunFixture(Path dir, boolean gated) {
    this(dir, gated, url -> new dev.awo.spi.github.RepositoryInfo("acme", "demo", "main", url));
  }

  /** {@code verifier} answers {@code /github/verify-repository} and {@code /repositories}. */
  DemoRunFixture(Path dir, boolean gated, dev.awo.spi.github.RepositoryVerifier verifier) {
    repositoryUrl = DemoRepository.create(dir.resolve("demo")).remoteUrl();
    sandboxes = GitSandboxFactory.builder().baseDirectory(dir.resolve("sandboxes")).build();
    InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
    DemoAgentExecutor demo = new DemoAgentExecutor(workOrders);
    AgentExecutor agent = (request, events) -> {
      if (gated) {
        try {
          if (!gate.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released this step");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return demo.execute(request, events);
    };
    EventHub hub = new EventHub();
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    orchestrator = WorkflowOrchestrator.builder().workOrderRepository(workOrders).sandboxFactory(sandboxes)
        .agentExecutor(agent).listener(hub).listener(logs).sandboxRetention(SandboxRetention.KEEP).build();
    server = WorkOrderHttpServer.builder(orchestrator, hub).logs(logs).repositoryVerifier(verifier).start();
    http = new HttpTestClient(server.uri(), server.accessToken());
  }

  void release() {
    gate.release();
  }

  @Override
  public void close() {
    gate.release(1000);
    server.close();
    orchestrator.close();
    sandboxes.close();
  }
}
