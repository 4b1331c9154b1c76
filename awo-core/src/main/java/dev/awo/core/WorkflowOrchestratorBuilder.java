package dev.awo.core;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.core.internal.EngineParts;
import dev.awo.core.internal.Intake;
import dev.awo.core.internal.LeaseKeeper;
import dev.awo.core.internal.LeaseSettings;
import dev.awo.core.internal.ListenerFanout;
import dev.awo.core.internal.NodeThreads;
import dev.awo.core.internal.RunDriver;
import dev.awo.core.internal.RunFactory;
import dev.awo.core.internal.RunRegistry;
import dev.awo.core.internal.RunServices;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.template.ClasspathCommandTemplates;
import dev.awo.core.workflow.BuiltInTool;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.StuckDetection;
import dev.awo.core.workflow.WorkflowCompiler;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.InvalidInputException;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.github.IssueSource;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderLeases;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.template.CommandTemplates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds {@link WorkflowOrchestrator}s; get one from {@link WorkflowOrchestrator#builder()}. An agent executor and a sandbox factory are required;
 * everything else has a default: in-memory repositories, the built-in prompt templates, the
 * default workflow, the system clock, {@link SaveRetryPolicy#DEFAULT}, {@link
 * SaveFailurePolicy#CONTINUE}, and a pool of 4 threads. Leases (several orchestrators on one
 * store) are on when the work order repository implements {@link WorkOrderLeases} and both
 * repositories have fenced saves, as the in-memory and JDBC ones do. Setters check their argument at once.
 * Not thread-safe.
 */
public final class WorkflowOrchestratorBuilder {
  private StepHistoryRepository stepHistoryRepository; // null: in memory, fenced by the in-memory work orders
  private WorkOrderRepository workOrderRepository = new InMemoryWorkOrderRepository();
  private OwnerId ownerId;
  private Duration leaseTimeout = WorkOrderLeases.DEFAULT_TIMEOUT;
  private Duration takeoverPeriod;
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
  private KeptSandboxLimits keptSandboxLimits = KeptSandboxLimits.DEFAULT;
  private StuckDetection stuckDetection = StuckDetection.DEFAULT;
  private ModelPrices modelPrices = ModelPrices.DEFAULT;
  private Executor listenerExecutor;
  private ThreadFactory nodeThreadFactory = NodeThreads.daemons();
  private final Map<String, WorkflowDefinition> workflowDefinitions = new LinkedHashMap<>();

  WorkflowOrchestratorBuilder() {
    workflowDefinitions.put(DefaultWorkflow.NAME, DefaultWorkflow.definition());
  }

  public WorkflowOrchestratorBuilder stepHistoryRepository(StepHistoryRepository repository) {
    this.stepHistoryRepository = requirePresent(repository, "stepHistoryRepository");
    return this;
  }

  public WorkflowOrchestratorBuilder workOrderRepository(WorkOrderRepository repository) {
    this.workOrderRepository = requirePresent(repository, "workOrderRepository");
    return this;
  }

  /**
   * This orchestrator's identity among the owners sharing its store; default {@link
   * OwnerId#generate()} (host, machine, process and a random part), new for every orchestrator
   * built, which lets a restart on the same machine take a crashed JVM's leases at once. An id of
   * your own must name one live orchestrator at a time.
   */
  public WorkflowOrchestratorBuilder ownerId(OwnerId ownerId) {
    this.ownerId = requirePresent(ownerId, "ownerId");
    return this;
  }

  /**
   * How long a work order's lease lasts without renewal, measured with the {@link #clock}; default
   * {@link WorkOrderLeases#DEFAULT_TIMEOUT} (30 s). Leases are renewed every third of it, so a
   * dead orchestrator's work orders are taken over at most this long (plus {@link
   * #takeoverPeriod}) after it died. At least 100 ms.
   */
  public WorkflowOrchestratorBuilder leaseTimeout(Duration timeout) {
    requirePositive(timeout, "leaseTimeout");
    if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
      throw new InvalidInputException("leaseTimeout", "must be at least 100 ms, got " + timeout);
    }
    this.leaseTimeout = timeout;
    return this;
  }

  /**
   * How often (real time) the background task looks for work orders whose lease expired, to take
   * them over; default half the lease timeout, at most 10 s.
   */
  public WorkflowOrchestratorBuilder takeoverPeriod(Duration period) {
    this.takeoverPeriod = requirePositive(period, "takeoverPeriod");
    return this;
  }

  public WorkflowOrchestratorBuilder agentExecutor(AgentExecutor agentExecutor) {
    this.agentExecutor = requirePresent(agentExecutor, "agentExecutor");
    return this;
  }

  public WorkflowOrchestratorBuilder sandboxFactory(SandboxFactory sandboxFactory) {
    this.sandboxFactory = requirePresent(sandboxFactory, "sandboxFactory");
    return this;
  }

  /** Prompt templates; default: {@link ClasspathCommandTemplates#defaults()}. */
  public WorkflowOrchestratorBuilder commandTemplates(CommandTemplates templates) {
    this.templates = requirePresent(templates, "commandTemplates");
    return this;
  }

  public WorkflowOrchestratorBuilder repositoryVerifier(RepositoryVerifier verifier) {
    this.repositoryVerifier = requirePresent(verifier, "repositoryVerifier");
    return this;
  }

  public WorkflowOrchestratorBuilder issueSource(IssueSource issueSource) {
    this.issueSource = requirePresent(issueSource, "issueSource");
    return this;
  }

  public WorkflowOrchestratorBuilder pullRequestOpener(PullRequestOpener opener) {
    this.pullRequestOpener = requirePresent(opener, "pullRequestOpener");
    return this;
  }

  public WorkflowOrchestratorBuilder issueCommenter(IssueCommenter commenter) {
    this.issueCommenter = requirePresent(commenter, "issueCommenter");
    return this;
  }

  /** Adds a listener; listeners hear events in the order they were added. */
  public WorkflowOrchestratorBuilder listener(WorkOrderListener listener) {
    listeners.add(requirePresent(listener, "listener"));
    return this;
  }

  /** Where work orders run; the host keeps ownership (a virtual-thread executor works on Java 21+). */
  public WorkflowOrchestratorBuilder executor(Executor executor) {
    this.executor = requirePresent(executor, "executor");
    return this;
  }

  /**
   * Where listeners are called: one task at a time per work order drains its events, in order, so
   * a slow listener never holds up a run. Default: the orchestrator's own pool of daemon threads,
   * closed by {@link WorkflowOrchestrator#close()}; a host-supplied executor is left to its owner.
   */
  public WorkflowOrchestratorBuilder listenerExecutor(Executor executor) {
    this.listenerExecutor = requirePresent(executor, "listenerExecutor");
    return this;
  }

  /**
   * Makes the worker threads of parallel nodes, e.g. {@code Thread.ofVirtual().factory()} on Java
   * 21+; each thread is renamed {@code awo-<work order id>-node-<n>}. Default: daemon platform threads.
   */
  public WorkflowOrchestratorBuilder nodeThreadFactory(ThreadFactory factory) {
    this.nodeThreadFactory = requirePresent(factory, "nodeThreadFactory");
    return this;
  }

  /** Bounds on sandboxes kept by {@link SandboxRetention#KEEP}; default {@link KeptSandboxLimits#DEFAULT}. */
  /**
   * When an agent counts as stuck and is stopped, for workflows that do not set their own ({@link
   * WorkflowDefinition#stuckDetection()}); {@link StuckDetection#DEFAULT} (5 identical tool calls in
   * a row, 10 minutes of silence) unless changed, {@link StuckDetection#OFF} for neither.
   */
  public WorkflowOrchestratorBuilder stuckDetection(StuckDetection detection) {
    this.stuckDetection = requirePresent(detection, "stuckDetection");
    return this;
  }

  /**
   * The prices an agent's running cost is estimated with until it reports its cost (see {@link
   * ModelPrices}); {@link ModelPrices#DEFAULT} unless changed.
   */
  public WorkflowOrchestratorBuilder modelPrices(ModelPrices prices) {
    this.modelPrices = requirePresent(prices, "modelPrices");
    return this;
  }

  public WorkflowOrchestratorBuilder keptSandboxLimits(KeptSandboxLimits limits) {
    this.keptSandboxLimits = requirePresent(limits, "keptSandboxLimits");
    return this;
  }

  /** Size of the orchestrator's own pool when no executor is given; default 4. */
  public WorkflowOrchestratorBuilder maxConcurrentWorkOrders(int max) {
    this.maxConcurrentWorkOrders = requirePositive(max, "maxConcurrentWorkOrders");
    return this;
  }

  /** How many nodes of one work order may run at once in a parallel workflow; default 4. */
  public WorkflowOrchestratorBuilder maxParallelNodes(int max) {
    this.maxParallelNodes = requirePositive(max, "maxParallelNodes");
    return this;
  }

  public WorkflowOrchestratorBuilder clock(Clock clock) {
    this.clock = requirePresent(clock, "clock");
    return this;
  }

  public WorkflowOrchestratorBuilder sleeper(Sleeper sleeper) {
    this.sleeper = requirePresent(sleeper, "sleeper");
    return this;
  }

  /** Source of randomness for retry jitter, values in [0, 1); injected for repeatable tests. */
  public WorkflowOrchestratorBuilder random(java.util.function.DoubleSupplier random) {
    this.random = requirePresent(random, "random");
    return this;
  }

  public WorkflowOrchestratorBuilder idGenerator(WorkOrderIdGenerator idGenerator) {
    this.idGenerator = requirePresent(idGenerator, "idGenerator");
    return this;
  }

  public WorkflowOrchestratorBuilder saveRetryPolicy(SaveRetryPolicy policy) {
    this.saveRetryPolicy = requirePresent(policy, "saveRetryPolicy");
    return this;
  }

  public WorkflowOrchestratorBuilder saveFailurePolicy(SaveFailurePolicy policy) {
    this.saveFailurePolicy = requirePresent(policy, "saveFailurePolicy");
    return this;
  }

  public WorkflowOrchestratorBuilder sandboxRetention(SandboxRetention retention) {
    this.sandboxRetention = requirePresent(retention, "sandboxRetention");
    return this;
  }

  /** Adds (or replaces, by name) a workflow that work orders can name. */
  public WorkflowOrchestratorBuilder workflow(WorkflowDefinition definition) {
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
    Map<String, CompiledWorkflow> compiled = compileWorkflows();
    ExecutorService ownedRuns = executor == null
        ? Executors.newFixedThreadPool(maxConcurrentWorkOrders, daemonThreads("awo-work-order-")) : null;
    ExecutorService ownedListeners = listenerExecutor == null
        ? Executors.newCachedThreadPool(daemonThreads("awo-listener-")) : null;
    RunServices services = services(ownedListeners != null ? ownedListeners : listenerExecutor, true);
    RunRegistry registry = new RunRegistry(workOrderRepository, clock, keptSandboxLimits);
    RunDriver driver = new RunDriver(ownedRuns != null ? ownedRuns : executor, registry,
        ownedRuns == null ? List.of() : List.of(ownedRuns), ownedListeners == null ? List.of() : List.of(ownedListeners),
        WorkflowOrchestrator.LISTENER_WAIT);
    return new WorkflowOrchestrator(services, new Intake(services, compiled, idGenerator, new RunFactory(services),
        registry), registry, driver,
        services.leases() == null ? null : new LeaseKeeper(services.leases(), clock, registry, workOrderRepository));
  }

  /**
   * The configured ports and compiled workflows, checked exactly as {@link #build()} checks them,
   * for another engine that runs the same work orders with the same node semantics (awo-temporal's
   * workers and client). Not for hosts: the returned type is awo's machinery, without a
   * compatibility promise. Listeners are called on the builder's listener executor, or on {@code
   * defaultListenerExecutor} when none was set; the caller owns that executor.
   *
   * @throws InvalidInputException naming what is missing or wrong
   */
  public EngineParts engineParts(Executor defaultListenerExecutor) {
    requirePresent(defaultListenerExecutor, "defaultListenerExecutor");
    Map<String, CompiledWorkflow> compiled = compileWorkflows();
    // the other engine owns its runs (Temporal's workflow ids, its own retries): no awo leases
    return new EngineParts(services(listenerExecutor != null ? listenerExecutor : defaultListenerExecutor, false),
        compiled, idGenerator, keptSandboxLimits);
  }

  private Map<String, CompiledWorkflow> compileWorkflows() {
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
    return compiled;
  }

  /** The run services; with {@code leased}, leases are on when the stores keep them (see below). */
  private RunServices services(Executor listeners, boolean leased) {
    StepHistoryRepository histories = stepHistoryRepository != null ? stepHistoryRepository
        : workOrderRepository instanceof InMemoryWorkOrderRepository memory ? new InMemoryStepHistoryRepository(memory)
        : new InMemoryStepHistoryRepository();
    return new RunServices(histories, workOrderRepository, agentExecutor,
        sandboxFactory, templates, repositoryVerifier, issueSource, pullRequestOpener, issueCommenter,
        new ListenerFanout(this.listeners), listeners, nodeThreadFactory,
        clock, sleeper, random, saveRetryPolicy, saveFailurePolicy, sandboxRetention, maxParallelNodes,
        stuckDetection, modelPrices, leased ? leaseSettings(histories) : null);
  }

  /**
   * Leases are on when the work order repository keeps them and both repositories have fenced
   * saves (they override {@code save(..., Lease)}); else the orchestrator runs as the only owner.
   */
  private LeaseSettings leaseSettings(StepHistoryRepository histories) {
    if (!(workOrderRepository instanceof WorkOrderLeases store)
        || !overrides(workOrderRepository, "save", WorkOrder.class, Lease.class)
        || !overrides(histories, "save", StepHistory.class, Lease.class)) {
      return null;
    }
    Duration takeover = takeoverPeriod != null ? takeoverPeriod
        : leaseTimeout.dividedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
        : leaseTimeout.dividedBy(2);
    return new LeaseSettings(store, ownerId != null ? ownerId : OwnerId.generate(), leaseTimeout, takeover);
  }

  private static boolean overrides(Object repository, String method, Class<?>... parameters) {
    try {
      return !repository.getClass().getMethod(method, parameters).isDefault();
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
