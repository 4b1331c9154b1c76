package dev.awo.temporal;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.internal.EngineParts;
import dev.awo.core.internal.RunSandbox;
import dev.awo.core.internal.RunServices;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.process.ProcessRunner;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.InetAddress;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers awo on a Temporal {@link WorkerFactory}: the {@link AwoWorkflow} and the {@link
 * WorkOrderActivities} on the shared task queue, and the activities again on this worker's own
 * queue ({@code <taskQueue>@<host>-<uuid>}), where the activities of the work orders whose sandbox
 * this worker holds are sent (Temporal's worker-specific task queue pattern). The activities use
 * the host's ports exactly as an embedded orchestrator configured by the same builder would.
 *
 * <pre>{@code
 * WorkerFactory factory = WorkerFactory.newInstance(client);
 * AwoWorkers workers = AwoWorkers.register(factory, WorkflowOrchestrator.builder()
 *     .agentExecutor(claude).sandboxFactory(git).stepHistoryRepository(db).workOrderRepository(db)
 *     .listener(progress), TemporalOptions.DEFAULT);
 * factory.start();
 * ...
 * factory.shutdown(); workers.close();
 * }</pre>
 *
 * <p>A worker that runs activities first kills the processes dead JVMs started through awo's process
 * runner and reclaims the sandboxes dead owners left, as the embedded {@code recover()} does; it
 * kills them again before it takes over a work order another worker held.
 *
 * <p>Every worker of a deployment must register the same workflows (by name) and options. Thread-safe.
 */
public final class AwoWorkers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwoWorkers.class);
  private final String ownQueue;
  private final ExecutorService listeners;
  private final ScheduledExecutorService ticks;

  /** The work orders this worker holds (null when it runs no activities); for tests in this package. */
  final WorkerRuns runs;

  private AwoWorkers(String ownQueue, WorkerRuns runs, ExecutorService listeners, ScheduledExecutorService ticks) {
    this.ownQueue = ownQueue;
    this.runs = runs;
    this.listeners = listeners;
    this.ticks = ticks;
  }

  /**
   * Registers the workflow and the activities, wired with the ports of {@code ports}; start the
   * factory afterwards.
   *
   * @throws dev.awo.domain.InvalidInputException when the ports are incomplete or a workflow does not compile
   */
  public static AwoWorkers register(WorkerFactory factory, WorkflowOrchestratorBuilder ports, TemporalOptions options) {
    return register(factory, ports, options, WorkerOptions.getDefaultInstance());
  }

  /**
   * As {@link #register(WorkerFactory, WorkflowOrchestratorBuilder, TemporalOptions)}, with the
   * options of both workers (the shared queue's and this worker's own), e.g. pollers, concurrency
   * limits, the deadlock detection timeout.
   */
  public static AwoWorkers register(WorkerFactory factory, WorkflowOrchestratorBuilder ports, TemporalOptions options,
      WorkerOptions workerOptions) {
    return register(factory, ports, options, workerOptions, Role.WORKFLOWS_AND_ACTIVITIES);
  }

  /** What a worker process runs; a deployment may keep workflow workers apart from activity workers. */
  public enum Role {
    /** The workflow and the activities (the default). */
    WORKFLOWS_AND_ACTIVITIES,
    /** Only the workflow code: no sandboxes, no agents on this worker. */
    WORKFLOWS,
    /** Only the activities: sandboxes and agents, on the shared queue ({@code setUp}) and this worker's own. */
    ACTIVITIES
  }

  /**
   * As {@link #register(WorkerFactory, WorkflowOrchestratorBuilder, TemporalOptions, WorkerOptions)},
   * registering only what {@code role} says.
   */
  public static AwoWorkers register(WorkerFactory factory, WorkflowOrchestratorBuilder ports, TemporalOptions options,
      WorkerOptions workerOptions, Role role) {
    requirePresent(workerOptions, "workerOptions");
    requirePresent(factory, "factory");
    requirePresent(ports, "ports");
    requirePresent(options, "options");
    requirePresent(role, "role");
    ExecutorService listeners = Executors.newCachedThreadPool(daemons("awo-temporal-listener"));
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemons("awo-temporal-heartbeat"));
    EngineParts engine = heartbeating(ports.engineParts(listeners));
    String ownQueue = options.taskQueue() + "@" + hostName() + "-" + UUID.randomUUID();
    Worker shared = factory.newWorker(options.taskQueue(), workerOptions);
    if (role != Role.ACTIVITIES) {
      shared.registerWorkflowImplementationFactory(AwoWorkflow.class,
          () -> new AwoWorkflowImpl(engine.workflows(), options));
      shared.registerWorkflowImplementationFactory(FollowUpWorkflow.class, () -> new FollowUpWorkflowImpl(options));
    }
    WorkerRuns runs = role == Role.WORKFLOWS ? null : new WorkerRuns(engine);
    if (runs != null) {
      sweepDeadOwners(engine);
      WorkOrderActivitiesImpl activities = new WorkOrderActivitiesImpl(runs, ownQueue, ticks, options);
      FollowUpActivitiesImpl followUps = new FollowUpActivitiesImpl(runs, ownQueue, ticks, options);
      shared.registerActivitiesImplementations(activities, followUps);
      factory.newWorker(ownQueue, workerOptions).registerActivitiesImplementations(activities, followUps);
    }
    return new AwoWorkers(ownQueue, runs, listeners, ticks);
  }

  /** This worker's own task queue. */
  public String ownTaskQueue() {
    return ownQueue;
  }

  /**
   * Cleans up the sandboxes this worker kept for follow-up prompts ({@code SandboxRetention.KEEP}),
   * and stops the listener and heartbeat threads; call after the worker factory shut down.
   */
  @Override
  public void close() {
    if (runs != null) {
      runs.releaseAllKept();
    }
    ticks.shutdownNow();
    listeners.shutdown();
  }

  /**
   * What a worker that runs activities does first, as the embedded {@code recover()} does: kill
   * the processes dead JVMs started through the process runner (a killed worker's agents), then
   * reclaim the sandboxes dead owners left, except those of work orders that are not over (another
   * worker may be about to move such a run here or elsewhere and re-attach its sandbox; {@link
   * RunSandbox#reclaimAbandoned}). A failure to reclaim is logged: the worker starts anyway.
   */
  private static void sweepDeadOwners(EngineParts engine) {
    int killed = killProcessesOfDeadOwners();
    int reclaimed = RunSandbox.reclaimAbandoned(engine.services(), Set.of());
    LOG.atInfo().setMessage("awo_worker_swept_dead_owners").addKeyValue("orphan_processes_killed", killed)
        .addKeyValue("sandboxes_reclaimed", reclaimed).log();
  }

  /** Kills the processes whose owner JVM is dead (logged when there were any); returns how many. */
  static int killProcessesOfDeadOwners() {
    int killed = ProcessRunner.create().killProcessesOfDeadOwners();
    if (killed > 0) {
      LOG.atWarn().setMessage("orphan_processes_killed").addKeyValue("count", killed).log();
    }
    return killed;
  }

  /** The same ports, with an agent whose events also beat the running attempt's heartbeat. */
  static EngineParts heartbeating(EngineParts engine) {
    RunServices s = engine.services();
    AgentExecutor host = s.agent();
    AgentExecutor beating = (request, events) -> {
      Heartbeat beat = Heartbeat.current();
      return host.execute(request, event -> {
        if (beat != null) {
          beat.onAgentEvent();
        }
        events.accept(event);
      });
    };
    RunServices wired = s.withAgent(beating);
    return new EngineParts(wired, engine.workflows(), engine.ids(), engine.keptSandboxLimits());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "host";
    }
  }

  private static java.util.concurrent.ThreadFactory daemons(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
