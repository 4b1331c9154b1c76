package dev.awo.examples.crash;

import dev.awo.core.RecoveryReport;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.SandboxType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.examples.demo.DemoAgentExecutor;
import dev.awo.examples.jdbc.JdbcStore;
import dev.awo.git.GitSandboxFactory;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The crashing host of the crash harness: the real orchestrator on a JDBC store, git sandboxes and
 * the demo agent (real git work in the sandbox, a real {@code git push} to a local remote), in a JVM
 * of its own that the harness kills with SIGKILL.
 *
 * <p>{@code CrashHost run <store> <workdir> <remote> <type> <count> <trigger>} submits {@code count}
 * work orders and, when {@code trigger} fires, stops where it is until it is killed: {@code
 * after:<step>} right after the first save of that step has returned (a step boundary), {@code
 * inside:<step>} inside that step's agent call, with a child process ({@code sleep}) started through
 * the process runner, as an agent's would be. {@code CrashHost recover <store> <workdir> <remote>
 * <type> <seconds>} calls {@code recover()}, waits at most that long for what it took up to end,
 * reports every work order's status and exits.
 *
 * <p>It prints one line per fact on standard output: {@code SUBMITTED id}, {@code SAVED id version
 * step outcome}, {@code TRIGGERED id step}, {@code RECOVERED ...}, {@code STATUS id status error},
 * {@code DONE}. Test code, not thread-safe beyond what the orchestrator needs.
 */
public final class CrashHost {
  private static final PrintStream OUT = System.out;

  private CrashHost() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String store = args[1];
    Path workDir = Path.of(args[2]);
    String remote = args[3];
    SandboxType type = SandboxType.fromWireName(args[4]);
    String trigger = mode.equals("run") ? args[6] : "none";
    try (JdbcStore jdbc = JdbcStore.open(store);
         GitSandboxFactory sandboxes = GitSandboxFactory.builder().baseDirectory(workDir.resolve("sandboxes"))
             .warmWorktrees(0).build()) {
      AtomicBoolean fired = new AtomicBoolean();
      WorkflowOrchestrator orchestrator = WorkflowOrchestrator.builder()
          .workOrderRepository(jdbc.workOrders())
          .stepHistoryRepository(new Announcing(jdbc.stepHistories(), trigger, fired))
          .sandboxFactory(sandboxes)
          .agentExecutor(new Crashing(new DemoAgentExecutor(jdbc.workOrders()), trigger, fired))
          .build();
      try {
        if (mode.equals("run")) {
          run(orchestrator, remote, type, Integer.parseInt(args[5]));
        } else {
          recover(orchestrator, Duration.ofSeconds(Long.parseLong(args[5])));
        }
      } finally {
        orchestrator.close();
      }
    }
    line("DONE");
  }

  private static void run(WorkflowOrchestrator orchestrator, String remote, SandboxType type, int count)
      throws Exception {
    List<WorkOrderId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WorkOrderId id = orchestrator.submit(WorkOrderRequest.builder(remote, "Survive a restart, part " + (i + 1))
          .sandboxType(type).build());
      ids.add(id);
      line("SUBMITTED " + id);
    }
    await(orchestrator, ids, Duration.ofSeconds(120));
  }

  private static void recover(WorkflowOrchestrator orchestrator, Duration bound) throws Exception {
    RecoveryReport report = orchestrator.recover();
    line("RECOVERED started=" + report.started().size() + " parked=" + report.parked().size() + " resumed="
        + report.resumed().size() + " failed=" + report.failed().size() + " orphans_killed="
        + report.orphanProcessesKilled() + " sandboxes_reclaimed=" + report.sandboxesReclaimed());
    await(orchestrator, report.all(), bound);
  }

  /** Waits for {@code ids} to end within {@code bound} in all, then reports every work order's status. */
  private static void await(WorkflowOrchestrator orchestrator, List<WorkOrderId> ids, Duration bound)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    for (WorkOrderId id : ids) {
      try {
        orchestrator.completion(id).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        break; // the rest is reported as it stands
      }
    }
    for (WorkOrder order : orchestrator.workOrders()) {
      line("STATUS " + order.id() + " " + order.status().wireName() + " "
          + (order.errorMessage() == null ? "-" : order.errorMessage().replace('\n', ' ')));
    }
  }

  private static synchronized void line(String text) {
    OUT.println(text);
    OUT.flush();
  }

  /** Stops the calling thread until the JVM is killed. */
  private static void hang() {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // keep hanging: only SIGKILL ends this
      }
    }
  }

  /** Announces every save once it has returned, and hangs after the trigger's step boundary. */
  private record Announcing(StepHistoryRepository delegate, String trigger, AtomicBoolean fired)
      implements StepHistoryRepository {
    @Override
    public void save(StepHistory snapshot) {
      delegate.save(snapshot);
      StepResult last = snapshot.latest().orElseThrow();
      line("SAVED " + snapshot.workOrderId() + " " + snapshot.version() + " " + last.step() + " "
          + last.outcome().wireName());
      if (trigger.equals("after:" + last.step()) && last.succeeded() && fired.compareAndSet(false, true)) {
        line("TRIGGERED " + snapshot.workOrderId() + " " + last.step());
        hang();
      }
    }

    @Override
    public Optional<StepHistory> find(WorkOrderId id) {
      return delegate.find(id);
    }
  }

  /** The demo agent, which at the trigger's step starts a long child process and waits in it. */
  private record Crashing(AgentExecutor delegate, String trigger, AtomicBoolean fired) implements AgentExecutor {
    @Override
    public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
      if (trigger.equals("inside:" + request.step()) && fired.compareAndSet(false, true)) {
        line("TRIGGERED " + request.workOrderId() + " " + request.step());
        ProcessRunner.create().run(ProcessSpec.builder("sleep", "300").directory(request.workingDirectory())
            .timeout(Duration.ofMinutes(10)).build());
        hang();
      }
      return delegate.execute(request, events);
    }
  }
}
