package dev.awo.core;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.core.internal.FollowUps;
import dev.awo.core.internal.Intake;
import dev.awo.core.internal.RunDriver;
import dev.awo.core.internal.RunEntry;
import dev.awo.core.internal.RunRegistry;
import dev.awo.core.internal.RunServices;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
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

  WorkflowOrchestrator(RunServices services, Intake intake, RunRegistry registry, RunDriver driver) {
    this.services = services;
    this.intake = intake;
    this.registry = registry;
    this.driver = driver;
    this.followUps = new FollowUps(registry, LISTENER_WAIT);
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
    RunEntry entry = accept(request);
    driver.start(entry);
    return entry.id();
  }

  /**
   * Runs a work order to its end (or until it waits at a human gate) on the calling thread and
   * returns it in that state, once the listeners have heard every event so far: for tests and
   * simple hosts. Validation is as in {@link #submit}.
   */
  public WorkOrder run(WorkOrderRequest request) {
    return driver.runHere(accept(request));
  }

  private RunEntry accept(WorkOrderRequest request) {
    requirePresent(request, "request");
    driver.requireOpen();
    return intake.accept(request);
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
   * Cancels a work order: a pending one will not start, a running one has its agent process killed
   * and its current step recorded as cancelled. Returns false when it had already ended.
   */
  @Override
  public boolean cancel(WorkOrderId id) {
    return driver.cancel(workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id)));
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
   * @throws WorkOrderStateException when the work order has no such gate waiting
   */
  @Override
  public void reject(WorkOrderId id, String nodeId, String reason) {
    requireText(reason, "reason");
    decide(id, nodeId, false, reason);
  }

  private void decide(WorkOrderId id, String nodeId, boolean approved, String reason) {
    requireText(nodeId, "nodeId");
    driver.decide(workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id)), nodeId, approved, reason);
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
   * Takes up the work orders that were waiting at human gates when an earlier orchestrator on the
   * same repositories stopped: rebuilds each from the {@link WorkOrderRepository} and the {@link
   * StepHistoryRepository} (finished nodes replayed, node outputs restored from the saved results),
   * so that {@link #approve}/{@link #reject}/{@link #cancel} work on them again. Call it once after
   * {@link WorkflowOrchestratorBuilder#build()}. Their sandbox is created afresh by the sandbox factory when the run
   * goes on: changes that earlier nodes left only in the old sandbox are not carried over (push them
   * before a gate, e.g. with the {@code push_branch} tool, if a workflow must survive a restart).
   * Work orders naming a workflow this orchestrator does not have are left as they are (logged).
   *
   * @return the ids taken up, oldest first
   */
  public List<WorkOrderId> recoverWaiting() {
    return driver.resumeRecovered(intake.recoverWaiting());
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
   * kept sandboxes. Waiting work orders stay waiting in the repositories, for {@link
   * #recoverWaiting()} after a restart. Host-supplied executors are left to their owner.
   */
  @Override
  public void close() {
    driver.stop();
  }

}
