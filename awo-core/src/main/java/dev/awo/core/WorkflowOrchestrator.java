package dev.awo.core;

import static dev.awo.spi.internal.Arguments.requirePresent;
import static dev.awo.spi.internal.Arguments.requireText;

import dev.awo.core.internal.DagRunner;
import dev.awo.core.internal.HistoryRecorder;
import dev.awo.core.internal.ListenerFanout;
import dev.awo.core.internal.RunControl;
import dev.awo.core.internal.RunServices;
import dev.awo.core.internal.WorkOrderRun;
import dev.awo.core.internal.WorkOrderState;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.template.ClasspathCommandTemplates;
import dev.awo.core.workflow.BuiltInTool;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.WorkflowCompiler;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.github.IssueSource;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.sandbox.SandboxRequest;
import dev.awo.spi.template.CommandTemplates;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs agent work orders: hands a task to the agent and drives it through a workflow in a sandbox,
 * saving every step's result through the {@link StepHistoryRepository} the moment the step ends —
 * before the next step starts and before any listener hears of it.
 *
 * <pre>{@code
 * WorkflowOrchestrator orchestrator = WorkflowOrchestrator.builder()
 *     .agentExecutor(new ClaudeCodeExecutor(ClaudeCodeConfig.builder().build()))
 *     .sandboxFactory(GitSandboxFactory.builder().baseDirectory(Path.of("/var/awo")).build())
 *     .stepHistoryRepository(myHistories)          // your database; in-memory by default
 *     .workOrderRepository(myWorkOrders)
 *     .listener(myProgressListener)
 *     .build();
 * WorkOrderId id = orchestrator.submit(WorkOrderRequest.builder(repoUrl, "Add a --verbose flag").build());
 * StepHistory soFar = orchestrator.stepHistory(id);   // any time, from any thread
 * }</pre>
 *
 * <p>Workflows are DAGs: each node starts as soon as the nodes it depends on have finished, at most
 * {@link Builder#maxParallelNodes} at once per work order, on the run's own worker threads. A
 * {@code human_gate} node parks the work order as {@link WorkOrderStatus#WAITING} without holding a
 * thread until {@link #approve} or {@link #reject}; after a restart on durable repositories, {@link
 * #recoverWaiting()} takes waiting work orders up again.
 *
 * <pre>{@code
 * WorkflowOrchestrator o = WorkflowOrchestrator.builder()...workflow(WorkflowJson.read(path)).build();
 * o.recoverWaiting();                                     // after a restart
 * WorkOrderId id = o.submit(WorkOrderRequest.builder(repoUrl, "Fix it").workflow("review").build());
 * o.waitingGates(id);                                     // {approve=Open the PR?} once it waits
 * o.approve(id, "approve");                               // or o.reject(id, "approve", "needs tests")
 * }</pre>
 *
 * <p>Input is validated in {@link #submit} before anything is stored or run. Runs execute on the
 * {@link Executor} given to the builder, or on a bounded pool of its own, closed by {@link #close()}.
 *
 * <p>This class is thread-safe.
 */
public final class WorkflowOrchestrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowOrchestrator.class);
  private static final String PROMPT_STEP = "prompt";

  private final RunServices services;
  private final Map<String, CompiledWorkflow> workflows;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final WorkOrderIdGenerator ids;
  private final Map<WorkOrderId, RunControl> running = new ConcurrentHashMap<>();
  private final Map<WorkOrderId, HistoryRecorder> recorders = new ConcurrentHashMap<>();
  private final Map<WorkOrderId, Sandbox> retainedSandboxes = new ConcurrentHashMap<>();
  private final Map<WorkOrderId, WorkOrderRun> runs = new ConcurrentHashMap<>();

  private WorkflowOrchestrator(Builder b, Map<String, CompiledWorkflow> workflows) {
    this.services = new RunServices(b.stepHistoryRepository, b.workOrderRepository, b.agentExecutor, b.sandboxFactory,
        b.templates, b.repositoryVerifier, b.issueSource, b.pullRequestOpener, b.issueCommenter,
        new ListenerFanout(b.listeners), b.clock, b.sleeper, b.random, b.saveRetryPolicy, b.saveFailurePolicy,
        b.sandboxRetention, b.maxParallelNodes);
    this.workflows = Map.copyOf(workflows);
    this.ids = b.idGenerator;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newFixedThreadPool(b.maxConcurrentWorkOrders, daemonThreads());
      this.executor = ownedExecutor;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Accepts a work order and starts it on the executor; returns its id at once. Everything about
   * the request is checked first (repository URL through the sandbox factory, workflow, issue
   * support): a bad request throws {@link InvalidInputException} and leaves nothing behind.
   */
  public WorkOrderId submit(WorkOrderRequest request) {
    Prepared prepared = prepare(request);
    try {
      executor.execute(prepared.run);
    } catch (RejectedExecutionException e) {
      running.remove(prepared.id);
      prepared.state.update(b -> b.status(WorkOrderStatus.FAILED).errorMessage("rejected: the orchestrator is "
          + "shut down or its queue is full"));
      throw new dev.awo.domain.AwoException("The work order was not accepted: the executor is shut down or full", e);
    }
    return prepared.id;
  }

  /**
   * Runs a work order to its end on the calling thread and returns it in its final state: for
   * tests and simple hosts. Validation is as in {@link #submit}.
   */
  public WorkOrder run(WorkOrderRequest request) {
    Prepared prepared = prepare(request);
    prepared.run.run();
    return prepared.state.current();
  }

  private Prepared prepare(WorkOrderRequest request) {
    requirePresent(request, "request");
    CompiledWorkflow workflow = workflow(request.workflow());
    if (request.issueNumber() != null && services.issueSource() == null) {
      throw new InvalidInputException("issueNumber", "this orchestrator has no IssueSource to read issue #"
          + request.issueNumber() + " with; configure one (e.g. the gh adapter) or leave the issue out");
    }
    WorkOrderId id = freshId();
    services.sandboxes().validate(new SandboxRequest(id, request.repositoryUrl(), request.sandboxType()));
    Instant now = services.clock().instant();
    WorkOrder order = WorkOrder.builder(id, request.repositoryUrl(), request.userRequest())
        .issueNumber(request.issueNumber()).sandboxType(request.sandboxType()).workflow(workflow.name())
        .status(WorkOrderStatus.PENDING).createdAt(now).build();
    services.workOrders().save(order);
    MDC.put(WorkOrderRun.MDC_KEY, id.value());
    LOG.atInfo().setMessage("agent_work_order_submitted").addKeyValue("workflow", workflow.name())
        .addKeyValue("sandbox_type", request.sandboxType().wireName()).log();
    MDC.remove(WorkOrderRun.MDC_KEY);
    WorkOrderState state = new WorkOrderState(order, services.workOrders(), services.listeners(), services.clock());
    HistoryRecorder recorder = new HistoryRecorder(StepHistory.empty(id), services.histories(), services.listeners(),
        services.saveRetry(), services.sleeper(), services.clock());
    recorders.put(id, recorder);
    RunControl control = new RunControl();
    running.put(id, control);
    WorkOrderRun body = new WorkOrderRun(services, workflow, state, recorder, control, s -> retainedSandboxes.put(id, s));
    runs.put(id, body);
    return new Prepared(id, state, pass(id, body));
  }

  /** One pass of a run; the run is forgotten once it ended, and kept while it waits at a gate. */
  private Runnable pass(WorkOrderId id, WorkOrderRun body) {
    return () -> {
      boolean parked = false;
      try {
        parked = body.runPass() == DagRunner.Pass.PARKED;
      } finally {
        if (!parked) {
          running.remove(id);
          runs.remove(id);
          if (!retainedSandboxes.containsKey(id)) {
            recorders.remove(id);
          }
        }
      }
    };
  }

  /** Starts the next pass of a run on the executor, or on this thread if the executor refuses it. */
  private void resume(WorkOrderId id, WorkOrderRun body) {
    Runnable next = pass(id, body);
    try {
      executor.execute(next);
    } catch (RejectedExecutionException e) {
      next.run();
    }
  }

  private record Prepared(WorkOrderId id, WorkOrderState state, Runnable run) {}

  private WorkOrderId freshId() {
    for (int i = 0; i < 16; i++) {
      WorkOrderId id = ids.next();
      if (services.workOrders().find(id).isEmpty() && !running.containsKey(id)) {
        return id;
      }
    }
    throw new IllegalStateException("The id generator keeps returning ids that are taken");
  }

  private CompiledWorkflow workflow(String name) {
    CompiledWorkflow workflow = workflows.get(name);
    if (workflow == null) {
      throw new InvalidInputException("workflow", "unknown workflow '" + name + "'; known: "
          + String.join(", ", new java.util.TreeSet<>(workflows.keySet())));
    }
    return workflow;
  }

  /**
   * Cancels a work order: a pending one will not start, a running one has its agent process killed
   * and its current step recorded as cancelled. Returns false when it had already ended.
   */
  public boolean cancel(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    WorkOrder order = workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    RunControl control = running.get(id);
    if (control == null || order.status().isTerminal()) {
      return false;
    }
    control.cancel();
    WorkOrderRun run = runs.get(id);
    if (run != null && run.unparkToCancel()) {
      pass(id, run).run(); // a run waiting at a gate has no thread: end it here
    }
    return true;
  }

  /**
   * Approves a human gate of a waiting work order: the approval is saved as the gate's step result
   * ({@code decision} = {@code approved}) before this returns, and the run goes on, on the executor.
   * Gates of a work order that is still running elsewhere can be approved too; the run picks the
   * decision up.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException when the work order has no such gate waiting (the message lists
   *     the gates that are)
   */
  public void approve(WorkOrderId id, String nodeId) {
    decide(id, nodeId, true, null);
  }

  /**
   * Rejects a human gate: saved as the gate's failed step result ({@code decision} = {@code
   * rejected}, {@code reason}). The gate's failure mode decides what follows: with {@code
   * on_failure: fail} (the default) the work order ends failed, naming the gate and the reason; with
   * {@code continue} the nodes after the gate run and can branch on {@code $gate.decision}.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException when the work order has no such gate waiting
   */
  public void reject(WorkOrderId id, String nodeId, String reason) {
    requireText(reason, "reason");
    decide(id, nodeId, false, reason);
  }

  private void decide(WorkOrderId id, String nodeId, boolean approved, String reason) {
    requirePresent(id, "workOrderId");
    requireText(nodeId, "nodeId");
    WorkOrder order = workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    WorkOrderRun run = runs.get(id);
    if (run == null || order.status().isTerminal()) {
      throw new WorkOrderStateException("Work order " + id + " is " + order.status().wireName()
          + " and waits for no decision" + (order.status() == WorkOrderStatus.WAITING
              ? "; after a restart, call recoverWaiting() first" : ""));
    }
    if (run.decide(nodeId, approved, reason)) {
      resume(id, run);
    }
  }

  /**
   * The human gates of a work order waiting for a decision now (empty when none), each with the
   * message it shows its approver.
   */
  public Map<String, String> waitingGates(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    WorkOrderRun run = runs.get(id);
    Map<String, String> gates = new LinkedHashMap<>();
    if (run != null) {
      run.openGates().forEach(g -> gates.put(g, run.gateMessage(g)));
    }
    return gates;
  }

  /**
   * Takes up the work orders that were waiting at human gates when an earlier orchestrator on the
   * same repositories stopped: rebuilds each from the {@link WorkOrderRepository} and the {@link
   * StepHistoryRepository} (finished nodes replayed, node outputs restored from the saved results),
   * so that {@link #approve}/{@link #reject}/{@link #cancel} work on them again. Call it once after
   * {@link Builder#build()}. Their sandbox is created afresh by the sandbox factory when the run
   * goes on: changes that earlier nodes left only in the old sandbox are not carried over (push them
   * before a gate, e.g. with the {@code push_branch} tool, if a workflow must survive a restart).
   * Work orders naming a workflow this orchestrator does not have are left as they are (logged).
   *
   * @return the ids taken up, oldest first
   */
  public List<WorkOrderId> recoverWaiting() {
    List<WorkOrderId> recovered = new ArrayList<>();
    for (WorkOrder order : services.workOrders().list(WorkOrderStatus.WAITING)) {
      WorkOrderId id = order.id();
      if (runs.containsKey(id)) {
        continue;
      }
      CompiledWorkflow workflow = workflows.get(order.workflow());
      if (workflow == null) {
        LOG.atWarn().setMessage("waiting_work_order_not_recovered").addKeyValue(WorkOrderRun.MDC_KEY, id.value())
            .addKeyValue("workflow", order.workflow()).log();
        continue;
      }
      WorkOrderState state = new WorkOrderState(order, services.workOrders(), services.listeners(), services.clock());
      HistoryRecorder recorder = new HistoryRecorder(stepHistory(id), services.histories(), services.listeners(),
          services.saveRetry(), services.sleeper(), services.clock());
      RunControl control = new RunControl();
      WorkOrderRun run = WorkOrderRun.recovered(services, workflow, state, recorder, control,
          s -> retainedSandboxes.put(id, s));
      recorders.put(id, recorder);
      running.put(id, control);
      runs.put(id, run);
      LOG.atInfo().setMessage("waiting_work_order_recovered").addKeyValue(WorkOrderRun.MDC_KEY, id.value())
          .addKeyValue("gates", String.join(",", run.openGates())).log();
      if (run.needsPassNow()) {
        resume(id, run);
      }
      recovered.add(id);
    }
    return recovered;
  }

  /** The work order with this id, as last saved. */
  public Optional<WorkOrder> workOrder(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return services.workOrders().find(id);
  }

  /** Every work order, oldest first. */
  public List<WorkOrder> workOrders() {
    return services.workOrders().list();
  }

  /** The work orders with this status, oldest first. */
  public List<WorkOrder> workOrders(WorkOrderStatus status) {
    requirePresent(status, "status");
    return services.workOrders().list(status);
  }

  /**
   * The saved step history: empty before the first step ends.
   *
   * @throws UnknownWorkOrderException when no such work order exists
   */
  public StepHistory stepHistory(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    Optional<StepHistory> saved = services.histories().find(id);
    if (saved.isPresent()) {
      return saved.get();
    }
    if (services.workOrders().find(id).isEmpty()) {
      throw new UnknownWorkOrderException(id);
    }
    return StepHistory.empty(id);
  }

  /** Outcome, step times, cost, tokens and the authoritative diff of a work order. */
  public WorkOrderMetrics metrics(WorkOrderId id) {
    WorkOrder order = workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    return WorkOrderMetrics.of(order, stepHistory(id));
  }

  /**
   * Sends a follow-up prompt to a finished work order's agent: resumes its last agent session in
   * the same sandbox, and records the exchange as a {@code prompt} step, saved and announced like
   * any other. Needs {@link SandboxRetention#KEEP}.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException while the work order still runs, or when its sandbox is gone
   */
  public StepResult prompt(WorkOrderId id, String text) {
    requirePresent(id, "workOrderId");
    requireText(text, "prompt");
    WorkOrder order = workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    if (!order.status().isTerminal() || running.containsKey(id)) {
      throw new WorkOrderStateException("Work order " + id + " is " + order.status().wireName()
          + "; send follow-up prompts after it has ended");
    }
    Sandbox sandbox = retainedSandboxes.get(id);
    if (sandbox == null || !Files.isDirectory(sandbox.workingDirectory())) {
      throw new WorkOrderStateException("The sandbox of work order " + id + " is gone, so its agent session cannot "
          + "be resumed; build the orchestrator with sandboxRetention(SandboxRetention.KEEP) to prompt after a run");
    }
    HistoryRecorder recorder = recorders.computeIfAbsent(id, k -> new HistoryRecorder(stepHistory(id),
        services.histories(), services.listeners(), services.saveRetry(), services.sleeper(), services.clock()));
    synchronized (recorder) {
      StepHistory history = recorder.current();
      String session = null;
      for (int i = history.size() - 1; i >= 0 && session == null; i--) {
        session = history.results().get(i).sessionId();
      }
      int attempt = 1 + (int) history.results().stream().filter(r -> r.step().equals(PROMPT_STEP)).count();
      MDC.put(WorkOrderRun.MDC_KEY, id.value());
      try {
        Instant started = services.clock().instant();
        services.listeners().publish(new WorkOrderEvent.StepStarted(id, started, PROMPT_STEP, attempt, history.size() + 1,
            history.size() + 1));
        AgentRequest request = new AgentRequest(id, PROMPT_STEP, text, sandbox.workingDirectory(), null, null, null, session);
        AgentOutcome outcome = services.agent().execute(request, event -> services.listeners().publish(
            new WorkOrderEvent.AgentEventReceived(id, services.clock().instant(), PROMPT_STEP, event)));
        StepResult.Builder result = StepResult.builder(PROMPT_STEP, started).agentName("follow_up").attempt(attempt)
            .sessionId(outcome.sessionId()).costUsd(outcome.costUsd()).tokenUsage(outcome.tokenUsage())
            .turns(outcome.turns()).output(outcome.output())
            .duration(Duration.between(started, services.clock().instant()));
        if (outcome.success()) {
          result.succeeded(outcome.output());
        } else {
          result.failed("prompt failed: " + outcome.errorMessage());
        }
        StepResult built = result.build();
        recorder.record(built, true);
        return built;
      } finally {
        MDC.remove(WorkOrderRun.MDC_KEY);
      }
    }
  }

  /** Cleans up a sandbox kept by {@link SandboxRetention#KEEP}; returns false if none was kept. */
  public boolean releaseSandbox(WorkOrderId id) {
    Sandbox sandbox = retainedSandboxes.remove(id);
    recorders.remove(id);
    if (sandbox == null) {
      return false;
    }
    sandbox.cleanUp();
    workOrder(id).ifPresent(o -> services.workOrders().save(
        o.toBuilder().sandboxPath(null).updatedAt(services.clock().instant()).build()));
    return true;
  }

  /** The names of the workflows this orchestrator runs. */
  public List<String> workflowNames() {
    return List.copyOf(new java.util.TreeSet<>(workflows.keySet()));
  }

  /**
   * Stops accepting work, cancels running work orders, waits up to 30 s for them, and cleans up
   * kept sandboxes. A host-supplied executor is left to its owner.
   */
  @Override
  public void close() {
    running.forEach((id, control) -> {
      WorkOrderRun run = runs.get(id);
      if (run != null && run.isParked()) {
        run.releaseParkedSandbox(); // stays waiting in the repositories, for recoverWaiting() after a restart
      } else {
        control.cancel();
      }
    });
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        ownedExecutor.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (WorkOrderId id : new ArrayList<>(retainedSandboxes.keySet())) {
      try {
        releaseSandbox(id);
      } catch (RuntimeException e) {
        LOG.atWarn().setMessage("sandbox_cleanup_failed").addKeyValue(WorkOrderRun.MDC_KEY, id.value()).log();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "awo-work-order-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Builds {@link WorkflowOrchestrator}s. An agent executor and a sandbox factory are required;
   * everything else has a default: in-memory repositories, the built-in prompt templates, the
   * default workflow, the system clock, {@link SaveRetryPolicy#DEFAULT}, {@link
   * SaveFailurePolicy#CONTINUE}, and a pool of 4 threads. Setters check their argument at once.
   * Not thread-safe.
   */
  public static final class Builder {
    private StepHistoryRepository stepHistoryRepository = new InMemoryStepHistoryRepository();
    private WorkOrderRepository workOrderRepository = new InMemoryWorkOrderRepository();
    private AgentExecutor agentExecutor;
    private SandboxFactory sandboxFactory;
    private CommandTemplates templates = ClasspathCommandTemplates.defaults();
    private RepositoryVerifier repositoryVerifier;
    private IssueSource issueSource;
    private PullRequestOpener pullRequestOpener;
    private IssueCommenter issueCommenter;
    private final List<WorkOrderListener> listeners = new ArrayList<>();
    private Executor executor;
    private int maxConcurrentWorkOrders = 4;
    private int maxParallelNodes = 4;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private java.util.function.DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private WorkOrderIdGenerator idGenerator = WorkOrderIdGenerator.random();
    private SaveRetryPolicy saveRetryPolicy = SaveRetryPolicy.DEFAULT;
    private SaveFailurePolicy saveFailurePolicy = SaveFailurePolicy.CONTINUE;
    private SandboxRetention sandboxRetention = SandboxRetention.CLEAN_UP;
    private final Map<String, WorkflowDefinition> workflowDefinitions = new LinkedHashMap<>();

    private Builder() {
      workflowDefinitions.put(DefaultWorkflow.NAME, DefaultWorkflow.definition());
    }

    public Builder stepHistoryRepository(StepHistoryRepository repository) {
      this.stepHistoryRepository = requirePresent(repository, "stepHistoryRepository");
      return this;
    }

    public Builder workOrderRepository(WorkOrderRepository repository) {
      this.workOrderRepository = requirePresent(repository, "workOrderRepository");
      return this;
    }

    public Builder agentExecutor(AgentExecutor agentExecutor) {
      this.agentExecutor = requirePresent(agentExecutor, "agentExecutor");
      return this;
    }

    public Builder sandboxFactory(SandboxFactory sandboxFactory) {
      this.sandboxFactory = requirePresent(sandboxFactory, "sandboxFactory");
      return this;
    }

    /** Prompt templates; default: {@link ClasspathCommandTemplates#defaults()}. */
    public Builder commandTemplates(CommandTemplates templates) {
      this.templates = requirePresent(templates, "commandTemplates");
      return this;
    }

    public Builder repositoryVerifier(RepositoryVerifier verifier) {
      this.repositoryVerifier = requirePresent(verifier, "repositoryVerifier");
      return this;
    }

    public Builder issueSource(IssueSource issueSource) {
      this.issueSource = requirePresent(issueSource, "issueSource");
      return this;
    }

    public Builder pullRequestOpener(PullRequestOpener opener) {
      this.pullRequestOpener = requirePresent(opener, "pullRequestOpener");
      return this;
    }

    public Builder issueCommenter(IssueCommenter commenter) {
      this.issueCommenter = requirePresent(commenter, "issueCommenter");
      return this;
    }

    /** Adds a listener; listeners hear events in the order they were added. */
    public Builder listener(WorkOrderListener listener) {
      listeners.add(requirePresent(listener, "listener"));
      return this;
    }

    /** Where work orders run; the host keeps ownership (a virtual-thread executor works on Java 21+). */
    public Builder executor(Executor executor) {
      this.executor = requirePresent(executor, "executor");
      return this;
    }

    /** Size of the orchestrator's own pool when no executor is given; default 4. */
    public Builder maxConcurrentWorkOrders(int max) {
      this.maxConcurrentWorkOrders = dev.awo.spi.internal.Arguments.requirePositive(max, "maxConcurrentWorkOrders");
      return this;
    }

    /** How many nodes of one work order may run at once in a parallel workflow; default 4. */
    public Builder maxParallelNodes(int max) {
      this.maxParallelNodes = dev.awo.spi.internal.Arguments.requirePositive(max, "maxParallelNodes");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requirePresent(clock, "clock");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = requirePresent(sleeper, "sleeper");
      return this;
    }

    /** Source of randomness for retry jitter, values in [0, 1); injected for repeatable tests. */
    public Builder random(java.util.function.DoubleSupplier random) {
      this.random = requirePresent(random, "random");
      return this;
    }

    public Builder idGenerator(WorkOrderIdGenerator idGenerator) {
      this.idGenerator = requirePresent(idGenerator, "idGenerator");
      return this;
    }

    public Builder saveRetryPolicy(SaveRetryPolicy policy) {
      this.saveRetryPolicy = requirePresent(policy, "saveRetryPolicy");
      return this;
    }

    public Builder saveFailurePolicy(SaveFailurePolicy policy) {
      this.saveFailurePolicy = requirePresent(policy, "saveFailurePolicy");
      return this;
    }

    public Builder sandboxRetention(SandboxRetention retention) {
      this.sandboxRetention = requirePresent(retention, "sandboxRetention");
      return this;
    }

    /** Adds (or replaces, by name) a workflow that work orders can name. */
    public Builder workflow(WorkflowDefinition definition) {
      requirePresent(definition, "workflow");
      workflowDefinitions.put(definition.name(), definition);
      return this;
    }

    /**
     * Checks that the required ports are present and that every workflow compiles against the
     * templates and the configured ports (so a missing template, or an {@code open_pr} node without
     * a PullRequestOpener, is found now, not mid-run).
     *
     * @throws InvalidInputException naming what is missing or wrong
     */
    public WorkflowOrchestrator build() {
      if (agentExecutor == null) {
        throw new InvalidInputException("agentExecutor", "is required: pass the agent that carries out the steps, "
            + "e.g. .agentExecutor(new ClaudeCodeExecutor(config))");
      }
      if (sandboxFactory == null) {
        throw new InvalidInputException("sandboxFactory", "is required: pass where agents work, "
            + "e.g. .sandboxFactory(GitSandboxFactory.builder().baseDirectory(dir).build())");
      }
      java.util.Set<BuiltInTool.Port> ports = java.util.EnumSet.of(BuiltInTool.Port.SANDBOX);
      if (pullRequestOpener != null) {
        ports.add(BuiltInTool.Port.PULL_REQUEST_OPENER);
      }
      if (issueCommenter != null) {
        ports.add(BuiltInTool.Port.ISSUE_COMMENTER);
      }
      WorkflowCompiler compiler = WorkflowCompiler.withTemplates(templates).withPorts(ports);
      Map<String, CompiledWorkflow> compiled = new LinkedHashMap<>();
      workflowDefinitions.forEach((name, definition) -> compiled.put(name, compiler.compile(definition)));
      return new WorkflowOrchestrator(this, compiled);
    }
  }
}
