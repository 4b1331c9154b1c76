package dev.awo.testkit;

import dev.awo.core.WorkOrderIdGenerator;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs a workflow definition end to end in milliseconds, for a host's own workflow tests: a real
 * {@link WorkflowOrchestrator} wired with a {@link ScriptedAgent}, an {@link InMemorySandboxFactory},
 * a {@link VirtualClock} with a {@link VirtualSleeper} (retry backoff takes no time), sequential ids
 * and a recorder of every save and event. Tests then assert on what was saved, what listeners heard
 * and which gates wait.
 *
 * <pre>{@code
 * try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
 *     .workflow(myWorkflow)
 *     .agent(ScriptedAgent.builder().answer("review", "LGTM").build())
 *     .build()) {
 *   WorkOrder done = env.run("Add a --verbose flag");
 *   assertEquals(WorkOrderStatus.COMPLETED, done.status());
 *   assertEquals(List.of(1L, 2L, 3L), env.savedVersions(done.id()));
 * }
 * }</pre>
 *
 * <p>Without {@link Builder#workflow} the built-in seven-step workflow runs, scripted by {@link
 * ScriptedAgent#forDefaultWorkflow()}. This class is thread-safe; close it to stop the orchestrator.
 */
public final class WorkflowTestEnvironment implements AutoCloseable {
  /** The repository URL {@link #run(String)} uses. */
  public static final String REPOSITORY_URL = "https://github.com/acme/widgets";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private final WorkflowOrchestrator orchestrator;
  private final ScriptedAgent agent;
  private final InMemorySandboxFactory sandboxes;
  private final VirtualClock clock;
  private final VirtualSleeper sleeper;
  private final RecordingStepHistoryRepository histories;
  private final String workflowName;
  private final List<WorkOrderEvent> events = new ArrayList<>();

  private WorkflowTestEnvironment(Builder b) {
    this.agent = b.agent != null ? b.agent
        : (b.workflow == null ? ScriptedAgent.forDefaultWorkflow() : ScriptedAgent.builder()).build();
    this.sandboxes = InMemorySandboxFactory.inTemporaryDirectory();
    this.agent.useSandboxes(sandboxes);
    this.clock = VirtualClock.start();
    this.sleeper = new VirtualSleeper(clock);
    this.histories = new RecordingStepHistoryRepository(b.stepHistories);
    this.workflowName = b.workflow == null ? null : b.workflow.name();
    WorkflowOrchestrator.Builder builder = WorkflowOrchestrator.builder()
        .agentExecutor(agent).sandboxFactory(sandboxes).stepHistoryRepository(histories)
        .clock(clock).sleeper(sleeper).idGenerator(WorkOrderIdGenerator.sequential())
        .listener(new WorkOrderListener() {
          @Override
          public void onEvent(WorkOrderEvent event) {
            record(event);
          }
        });
    if (b.workflow != null) {
      builder.workflow(b.workflow);
    }
    b.configuration.accept(builder);
    this.orchestrator = builder.build();
  }

  /** {@return a builder for an environment running the default workflow} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a work order for {@code request} on {@link #REPOSITORY_URL} with the environment's workflow
   * until it ends or waits at a gate.
   *
   * @param request what the user asks for
   * @return the work order as it is then
   */
  public WorkOrder run(String request) {
    WorkOrderRequest.Builder b = WorkOrderRequest.builder(REPOSITORY_URL, request);
    if (workflowName != null) {
      b.workflow(workflowName);
    }
    return run(b.build());
  }

  /**
   * Runs {@code request} on the calling thread until the work order ends or waits at a gate.
   *
   * @param request the request
   * @return the work order as it is then
   */
  public WorkOrder run(WorkOrderRequest request) {
    int before = eventCount();
    WorkOrder settled = orchestrator.run(request);
    // listeners may hear the last status change just after run returns: wait for it, so that
    // events(...) already holds everything this run announced
    awaitStatusEvent(settled.id(), before, status -> status == settled.status());
    return settled;
  }

  /**
   * Approves a waiting gate and waits until the run ends or waits at a gate again.
   *
   * @param id the work order
   * @param gate the gate's node id
   * @return the work order as it is then
   */
  public WorkOrder approve(WorkOrderId id, String gate) {
    int before = eventCount();
    orchestrator.approve(id, gate);
    return awaitSettled(id, before);
  }

  /**
   * Rejects a waiting gate and waits until the run ends or waits at a gate again.
   *
   * @param id the work order
   * @param gate the gate's node id
   * @param reason why
   * @return the work order as it is then
   */
  public WorkOrder reject(WorkOrderId id, String gate, String reason) {
    int before = eventCount();
    orchestrator.reject(id, gate, reason);
    return awaitSettled(id, before);
  }

  /**
   * The gates a work order waits at now, with the message each shows.
   *
   * @param id the work order
   * @return gate id to message, empty when none waits
   */
  public Map<String, String> waitingGates(WorkOrderId id) {
    return orchestrator.waitingGates(id);
  }

  /**
   * Every snapshot the step-history repository stored for a work order, in the order it stored them.
   *
   * @param id the work order
   * @return the snapshots
   */
  public List<StepHistory> saves(WorkOrderId id) {
    return histories.saved(id);
  }

  /**
   * The versions of {@link #saves}: {@code [1, 2, ..., n]} for a run whose every save succeeded.
   *
   * @param id the work order
   * @return the versions in save order
   */
  public List<Long> savedVersions(WorkOrderId id) {
    return saves(id).stream().map(StepHistory::version).toList();
  }

  /**
   * Every event listeners heard for a work order, in order.
   *
   * @param id the work order
   * @return the events
   */
  public List<WorkOrderEvent> events(WorkOrderId id) {
    synchronized (events) {
      return events.stream().filter(e -> e.workOrderId().equals(id)).toList();
    }
  }

  /**
   * The events of one type listeners heard for a work order, in order.
   *
   * @param id the work order
   * @param type e.g. {@code WorkOrderEvent.HistorySaved.class}
   * @param <T> the event type
   * @return the events
   */
  public <T extends WorkOrderEvent> List<T> events(WorkOrderId id, Class<T> type) {
    return events(id).stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * The statuses a work order went through, from its status-change events.
   *
   * @param id the work order
   * @return the statuses in order
   */
  public List<WorkOrderStatus> statuses(WorkOrderId id) {
    return events(id, WorkOrderEvent.StatusChanged.class).stream().map(WorkOrderEvent.StatusChanged::current).toList();
  }

  /** {@return the orchestrator, for what this class does not wrap} */
  public WorkflowOrchestrator orchestrator() {
    return orchestrator;
  }

  /** {@return the scripted agent} */
  public ScriptedAgent agent() {
    return agent;
  }

  /** {@return the sandboxes} */
  public InMemorySandboxFactory sandboxes() {
    return sandboxes;
  }

  /** {@return the virtual clock the orchestrator reads} */
  public VirtualClock clock() {
    return clock;
  }

  /** {@return the sleeper the orchestrator backs off with} */
  public VirtualSleeper sleeper() {
    return sleeper;
  }

  @Override
  public void close() {
    orchestrator.close();
  }

  private void record(WorkOrderEvent event) {
    synchronized (events) {
      events.add(event);
      events.notifyAll();
    }
  }

  private int eventCount() {
    synchronized (events) {
      return events.size();
    }
  }

  /** Waits for a status change after event {@code from} that ends the run or parks it at a gate. */
  private WorkOrder awaitSettled(WorkOrderId id, int from) {
    awaitStatusEvent(id, from, status -> status.isTerminal() || status == WorkOrderStatus.WAITING);
    return orchestrator.workOrder(id).orElseThrow();
  }

  /** Waits until listeners heard, after event {@code from}, a status change of {@code id} that {@code wanted} accepts. */
  private void awaitStatusEvent(WorkOrderId id, int from, Predicate<WorkOrderStatus> wanted) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    synchronized (events) {
      while (true) {
        for (WorkOrderEvent e : events.subList(from, events.size())) {
          if (e instanceof WorkOrderEvent.StatusChanged s && s.workOrderId().equals(id) && wanted.test(s.current())) {
            return;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("listeners heard no awaited status change of " + id + " within "
              + SETTLE_TIMEOUT.toSeconds() + " s; its status: "
              + orchestrator.workOrder(id).map(o -> o.status().wireName()).orElse("unknown"));
        }
        try {
          events.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + id, e);
        }
      }
    }
  }

  /** Builds a {@link WorkflowTestEnvironment}; not thread-safe. */
  public static final class Builder {
    private WorkflowDefinition workflow;
    private ScriptedAgent agent;
    private StepHistoryRepository stepHistories = new InMemoryStepHistoryRepository();
    private Consumer<WorkflowOrchestrator.Builder> configuration = b -> {};

    private Builder() {}

    /**
     * The workflow to run instead of the default one; {@link #run(String)} asks for it by name.
     *
     * @param definition the workflow
     * @return this builder
     */
    public Builder workflow(WorkflowDefinition definition) {
      this.workflow = Objects.requireNonNull(definition, "definition must not be null");
      return this;
    }

    /**
     * The agent; by default one scripted for the default workflow, or answering {@code "done: <step>"}
     * to every step of a custom workflow.
     *
     * @param scripted the agent
     * @return this builder
     */
    public Builder agent(ScriptedAgent scripted) {
      this.agent = Objects.requireNonNull(scripted, "scripted must not be null");
      return this;
    }

    /**
     * Your own step-history repository instead of the in-memory one; saves are still recorded.
     *
     * @param repository the repository
     * @return this builder
     */
    public Builder stepHistoryRepository(StepHistoryRepository repository) {
      this.stepHistories = Objects.requireNonNull(repository, "repository must not be null");
      return this;
    }

    /**
     * Anything else on the orchestrator builder (templates, GitHub ports, policies, a work-order
     * repository), applied last so it may also replace what the environment set.
     *
     * @param configuration what to do with the builder
     * @return this builder
     */
    public Builder configure(Consumer<WorkflowOrchestrator.Builder> configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration must not be null");
      return this;
    }

    /** {@return the environment, with its orchestrator built} */
    public WorkflowTestEnvironment build() {
      return new WorkflowTestEnvironment(this);
    }
  }
}
