package dev.awo.core;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.core.internal.FollowUps;
import dev.awo.core.internal.Intake;
import dev.awo.core.internal.LeaseKeeper;
import dev.awo.core.internal.RunDriver;
import dev.awo.core.internal.RunRecovery;
import dev.awo.core.internal.RunEntry;
import dev.awo.core.internal.RunRegistry;
import dev.awo.core.internal.RunServices;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
 * {@link WorkflowOrchestratorBuilder#maxParallelNodes} at once per work order, on the run's own worker threads. A
 * {@code human_gate} node parks the work order as {@link WorkOrderStatus#WAITING} without holding a
 * thread until {@link #approve} or {@link #reject}; after a restart on durable repositories, {@link
 * #recover()} takes every work order left unfinished up again.
 *
 * <pre>{@code
 * WorkflowOrchestrator o = WorkflowOrchestrator.builder()...workflow(WorkflowJson.read(path)).build();
 * o.recover();                                           // after a restart: resume what was left
 * WorkOrderId id = o.submit(WorkOrderRequest.builder(repoUrl, "Fix it").workflow("review").build());
 * o.waitingGates(id);                                     // {approve=Open the PR?} once it waits
 * o.approve(id, "approve");                               // or o.reject(id, "approve", "needs tests")
 * }</pre>
 *
 * <p><b>Several orchestrators can share one store</b> when its work order repository implements
 * {@link dev.awo.spi.persistence.WorkOrderLeases} and both repositories have fenced saves (the
 * in-memory and JDBC stores do): each orchestrator is an owner ({@link
 * WorkflowOrchestratorBuilder#ownerId}), runs a work order only while it holds its lease (claimed
 * when the run starts, renewed in the background every third of {@link
 * WorkflowOrchestratorBuilder#leaseTimeout}, released at the end), and a background task takes over
 * work orders whose lease expired, so a survivor carries a dead JVM's work on without a restart. A
 * run whose lease another owner claimed stops at once, writing and announcing nothing more; its
 * {@link #completion} completes with {@link dev.awo.spi.persistence.LeaseLostException}.
 *
 * <p><b>Idempotent submission:</b> a request with {@link WorkOrderRequest.Builder#idempotencyKey}
 * returns the id of the work order first submitted with that key and starts nothing — after a
 * restart and on another orchestrator sharing the store too (the store keeps keys unique).
 *
 * <p>Input is validated in {@link #submit} before anything is stored or run. Runs execute on the
 * {@link Executor} given to the builder, or on a bounded pool of its own, closed by {@link #close()}.
 * Listeners hear each work order's events in order, one at a time, on the listener executor, never
 * holding up the run; {@link #completion} completes once a work order is terminal and its listeners
 * have heard so, and {@link #run} and {@link #prompt} return only after the listeners heard every
 * event of the call (waiting at most {@value #LISTENER_WAIT_SECONDS} seconds for a stuck listener).
 *
 * <p>This class is thread-safe.
 */
public final class WorkflowOrchestrator implements WorkOrderService, AutoCloseable {
  /** How long {@link #run} and {@link #prompt} wait for a stuck listener before they return anyway. */
  public static final int LISTENER_WAIT_SECONDS = 30;
  static final Duration LISTENER_WAIT = Duration.ofSeconds(LISTENER_WAIT_SECONDS);

  private final RunServices services;
  private final Intake intake;
  private final RunRegistry registry;
  private final RunDriver driver;
  private final FollowUps followUps;
  private final LeaseKeeper leaseKeeper; // null without leases

  WorkflowOrchestrator(RunServices services, Intake intake, RunRegistry registry, RunDriver driver,
      LeaseKeeper leaseKeeper) {
    this.services = services;
    this.intake = intake;
    this.registry = registry;
    this.driver = driver;
    this.followUps = new FollowUps(registry, LISTENER_WAIT);
    this.leaseKeeper = leaseKeeper;
    if (leaseKeeper != null) {
      leaseKeeper.start(this::takeUp);
    }
  }

  /** Carries on a work order claimed from a dead owner (see {@link LeaseKeeper}). */
  private boolean takeUp(WorkOrder order, Lease lease) {
    if (driver.isClosed()) {
      return false;
    }
    Optional<RunRecovery.Taken> taken = intake.recovery().take(order, lease);
    taken.ifPresent(driver::startRecovered);
    return taken.isPresent();
  }

  public static WorkflowOrchestratorBuilder builder() {
    return new WorkflowOrchestratorBuilder();
  }

  /**
   * Accepts a work order and starts it on the executor; returns its id at once. Everything about
   * the request is checked first (repository URL through the sandbox factory, workflow, issue
   * support): a bad request throws {@link dev.awo.domain.InvalidInputException} and leaves nothing behind.
   * Credential-shaped text in the user request is redacted before it is stored or used.
   *
   * @throws OrchestratorClosedException after {@link #close()}
   * @throws WorkOrderRejectedException when the executor refuses the run (full or shut down);
   *     nothing of the request is stored or kept
   */
  @Override
  public WorkOrderId submit(WorkOrderRequest request) {
    return submission(request).id();
  }

  /**
   * Submits like {@link #submit} and tells whether this call created the work order: false when
   * the request's idempotency key was used before (also at the same moment on another thread or
   * orchestrator of the store), in which case nothing was started and the id is the first work
   * order's. A request with a key is stored before it starts.
   *
   * @throws IdempotencyKeyConflictException when the key was used for a different request
   * @throws OrchestratorClosedException after {@link #close()}
   * @throws WorkOrderRejectedException when the executor refuses the run; a request with a key is
   *     then stored as failed, so that its key answers with that outcome
   */
  public Submission submission(WorkOrderRequest request) {
    requirePresent(request, "request");
    driver.requireOpen();
    Optional<WorkOrder> before = intake.submittedBefore(request);
    if (before.isPresent()) {
      return new Submission(before.get().id(), false);
    }
    if (request.idempotencyKey() == null) {
      return new Submission(intake.admit(request, driver::start).id(), true);
    }
    try {
      return new Submission(intake.admit(request, driver::startStored).id(), true);
    } catch (DuplicateIdempotencyKeyException e) {
      // submitted at the same moment elsewhere (another thread or JVM)
      intake.submittedBefore(request); // checks the request is the same one
      return new Submission(e.existing(), false);
    }
  }

  /**
   * Runs a work order to its end (or until it waits at a human gate) on the calling thread and
   * returns it in that state, once the listeners have heard every event so far: for tests and
   * simple hosts. Validation is as in {@link #submit}.
   */
  public WorkOrder run(WorkOrderRequest request) {
    requirePresent(request, "request");
    driver.requireOpen();
    Optional<WorkOrder> before = intake.submittedBefore(request);
    if (before.isPresent()) {
      return before.get();
    }
    RunEntry entry;
    try {
      entry = intake.admit(request, request.idempotencyKey() == null ? stored -> stored.state().writeIfUnwritten()
          : stored -> stored.state().writeFirst());
    } catch (DuplicateIdempotencyKeyException e) {
      return workOrder(e.existing()).orElseThrow(() -> new UnknownWorkOrderException(e.existing()));
    }
    return driver.runHere(entry);
  }

  /**
   * Completes with the work order once it has reached a terminal state and its listeners have
   * heard so — also for one submitted before this call, or waiting at a gate, or recovered. For a
   * work order that already ended, the handle is complete at once. Cancelling the future does not
   * cancel the work order (use {@link #cancel}).
   *
   * @throws UnknownWorkOrderException for an unknown id
   */
  @Override
  public CompletableFuture<WorkOrder> completion(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return registry.completion(id, () -> services.workOrders().find(id))
        .orElseThrow(() -> new UnknownWorkOrderException(id)).thenApply(o -> o);
  }

  /**
   * Cancels a work order: a pending one reads {@code cancelled} when this returns and never
   * starts, one waiting at a gate ends cancelled before this returns, a running one has its agent
   * process killed and its current step recorded as cancelled. A cancel and the run's own end
   * resolve to one outcome, the first: returns true when the work order is (or ends) cancelled,
   * false when it had already ended or its outcome was already decided (its last step was saved),
   * in which case it ends as it would have.
   *
   * @throws UnknownWorkOrderException for an unknown id
   */
  @Override
  public boolean cancel(WorkOrderId id) {
    return driver.cancel(live(id));
  }

  /**
   * The work order as its run here last wrote it (so cancel and decisions work while the store is
   * unreachable), else as stored.
   */
  private WorkOrder live(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return registry.find(id).map(e -> e.state().current())
        .or(() -> workOrder(id)).orElseThrow(() -> new UnknownWorkOrderException(id));
  }

  /**
   * Approves a human gate of a waiting work order: the approval is saved as the gate's step result
   * ({@code decision} = {@code approved}) before this returns, and the run goes on, on the executor.
   * Gates of a work order that is still running elsewhere can be approved too; the run picks the
   * decision up.
   *
   * <p>A gate takes exactly one decision, the first; a decision and a {@link #cancel} resolve
   * once: a decision taken before the cancel stands (and the cancel then ends the rest of the run),
   * one that comes after it is refused.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws UnknownGateException when the workflow has no human gate {@code nodeId}
   * @throws GateAlreadyDecidedException when the gate was decided before
   * @throws GateNotWaitingException when the gate is not waiting for a decision now (not reached,
   *     cancelled, or the work order ended; the message lists the gates that are waiting)
   */
  @Override
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
   * @throws UnknownGateException when the workflow has no human gate {@code nodeId}
   * @throws GateAlreadyDecidedException when the gate was decided before
   * @throws GateNotWaitingException when the gate is not waiting for a decision now
   */
  @Override
  public void reject(WorkOrderId id, String nodeId, String reason) {
    requireText(reason, "reason");
    decide(id, nodeId, false, reason);
  }

  private void decide(WorkOrderId id, String nodeId, boolean approved, String reason) {
    requireText(nodeId, "nodeId");
    driver.decide(live(id), nodeId, approved, reason);
  }


  /**
   * The human gates of a work order waiting for a decision now (empty when none), each with the
   * message it shows its approver.
   */
  @Override
  public Map<String, String> waitingGates(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return driver.waitingGates(id);
  }

  /**
   * Takes up every work order an earlier orchestrator on the same repositories left non-terminal —
   * after a crash, a kill -9 or a {@link #close()} with work orders waiting. Call it once after
   * {@link WorkflowOrchestratorBuilder#build()}, before submitting new work. In this order:
   * <ol>
   *   <li>processes that dead JVMs started through awo's process runner (agents, a {@code git push}
   *       in flight) are killed, so none of them goes on changing a sandbox or a remote;
   *   <li>each work order is rebuilt from the {@link WorkOrderRepository} and the {@link
   *       StepHistoryRepository}: {@code pending} ones are started; {@code waiting} ones are parked
   *       at their gates again (messages rendered from the restored bindings), so that {@link
   *       #approve}, {@link #reject} and {@link #cancel} work on them; {@code running} ones go on
   *       from the last saved step — the attempt in flight at the crash is recorded {@link
   *       dev.awo.domain.StepOutcome#INTERRUPTED} and retried under its node's retry policy
   *       ({@code FailureCategory.INTERRUPTED}; the default workflow retries it once), and steps
   *       already saved are never run again;
   *   <li>whenever a saved step may have changed the sandbox, the sandbox factory takes it over
   *       ({@link dev.awo.spi.sandbox.SandboxFactory#recover}): the old one re-attached if it is
   *       still there at the commit the last step recorded, else re-created from the work order's
   *       pushed branch. When neither works the work order <b>fails</b> with a reason saying so
   *       (e.g. "the sandbox was lost in a crash at step implement; its changes had not been
   *       pushed") — it never goes on, or completes, without its work;
   *   <li>sandboxes of dead owners still left are reclaimed, except those of work orders that are
   *       not over and that this call did not take up (another orchestrator may still take them
   *       over when their lease lapses; {@link
   *       dev.awo.spi.sandbox.SandboxFactory#reclaimAbandoned(java.util.function.Predicate)}).
   * </ol>
   * Work orders naming a workflow this orchestrator does not have are left as they are (logged).
   * Calling it again takes up only work orders no run of this orchestrator has. With leases
   * (several orchestrators on one store, see the class comment) it takes up only work orders whose
   * lease is free — expired, released, or never claimed and older than one lease timeout — each
   * claimed first, so it never takes one another live orchestrator runs; the background takeover
   * does the same periodically. Without leases it assumes this orchestrator is the only one running
   * on these repositories.
   *
   * @return what was taken up and cleaned up
   * @throws OrchestratorClosedException after {@link #close()}
   */
  public RecoveryReport recover() {
    driver.requireOpen();
    return driver.recover(intake.recovery(), services, leaseKeeper);
  }

  /**
   * Takes up work orders left waiting at human gates (and every other non-terminal one).
   *
   * @return the ids taken up, oldest first
   * @deprecated {@link #recover()} takes up every non-terminal work order, not only waiting ones,
   *     and says what became of each; this calls it and returns {@link RecoveryReport#all()}
   */
  @Deprecated(since = "0.2.0", forRemoval = true)
  public List<WorkOrderId> recoverWaiting() {
    return recover().all();
  }

  /** The work order with this id, as last saved. */
  @Override
  public Optional<WorkOrder> workOrder(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return services.workOrders().find(id);
  }

  /** Every work order, oldest first. */
  @Override
  public List<WorkOrder> workOrders() {
    return services.workOrders().list();
  }

  /** The work orders with this status, oldest first. */
  @Override
  public List<WorkOrder> workOrders(WorkOrderStatus status) {
    requirePresent(status, "status");
    return services.workOrders().list(status);
  }

  /**
   * The saved step history: empty before the first step ends.
   *
   * @throws UnknownWorkOrderException when no such work order exists
   */
  @Override
  public StepHistory stepHistory(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    Optional<StepHistory> saved = services.histories().find(id);
    if (saved.isPresent()) {
      return saved.get();
    }
    workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    return StepHistory.empty(id);
  }

  /** Outcome, step times, cost, tokens and the authoritative diff of a work order. */
  public WorkOrderMetrics metrics(WorkOrderId id) {
    WorkOrder order = workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    return WorkOrderMetrics.of(order, stepHistory(id));
  }

  /**
   * Sends a follow-up prompt to a finished work order's agent: resumes its last agent session in
   * the same sandbox, and records the exchange as a {@code prompt} step, run, saved and announced
   * like any other agent step (credentials in the agent's answer are redacted). Needs {@link
   * SandboxRetention#KEEP}. One prompt at a time per work order.
   *
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException while the work order still runs, while another prompt to it
   *     runs, or when its sandbox is gone
   * @throws HistoryNotSavedException when the exchange could not be saved and {@link
   *     SaveFailurePolicy#FAIL_WORK_ORDER} failed the work order because of it
   */
  @Override
  public StepResult prompt(WorkOrderId id, String text) {
    requireText(text, "prompt");
    return followUps.send(workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id)), text);
  }

  /**
   * Cleans up a sandbox kept by {@link SandboxRetention#KEEP}; returns false if none was kept.
   *
   * @throws WorkOrderStateException while a follow-up prompt to the work order runs
   */
  public boolean releaseSandbox(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return followUps.release(id);
  }

  /** The names of the workflows this orchestrator runs. */
  public List<String> workflowNames() {
    return intake.workflowNames();
  }

  /**
   * Stops accepting work, cancels running work orders, waits up to 30 s for them, and cleans up
   * kept sandboxes. Waiting work orders stay waiting in the repositories, their sandboxes as they
   * are, for {@link #recover()} after a restart. Host-supplied executors are left to their owner.
   */
  @Override
  public void close() {
    if (leaseKeeper != null) {
      leaseKeeper.close();
    }
    driver.stop();
  }

}
