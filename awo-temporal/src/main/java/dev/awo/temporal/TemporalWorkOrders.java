package dev.awo.temporal;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkOrderService;
import dev.awo.core.WorkOrderRejectedException;
import dev.awo.core.WorkOrderStateException;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.HistoryNotSavedException;
import dev.awo.core.internal.EngineParts;
import dev.awo.core.internal.FollowUps;
import dev.awo.core.internal.Intake;
import dev.awo.core.internal.NodeExecutor;
import dev.awo.core.internal.RunEntry;
import dev.awo.core.internal.RunFactory;
import dev.awo.core.internal.RunRegistry;
import dev.awo.core.GateAlreadyDecidedException;
import dev.awo.core.GateNotWaitingException;
import dev.awo.core.KeptSandboxLimits;
import dev.awo.core.UnknownGateException;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.process.Redactor;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link WorkOrderService} of awo on Temporal: each work order is one {@link AwoWorkflow}
 * execution whose workflow id is the work order id. Requests are checked as the embedded
 * orchestrator checks them (same workflows, ports and redaction, from the same builder), the first
 * row is stored, then the workflow is started; status and history are read from the host's
 * repositories, which the workers write.
 *
 * <pre>{@code
 * WorkOrderService orders = TemporalWorkOrders.create(client, hostBuilder, TemporalOptions.DEFAULT);
 * WorkOrderId id = orders.submit(request);
 * orders.completion(id).join();
 * }</pre>
 *
 * <p>Follow-up prompts ({@link #prompt}) need what the embedded engine needs, and one thing more:
 * {@code SandboxRetention.KEEP} on the workers' builder (their {@code KeptSandboxLimits} bound the
 * sandboxes each worker keeps), and the worker that ran the work order still alive, since the
 * sandbox lives on its disk. A prompt whose worker has stopped is refused with a {@link
 * WorkOrderStateException} within the worker-lost timeout. This class is thread-safe.
 */
public final class TemporalWorkOrders implements WorkOrderService {
  private final WorkflowClient client;
  private final EngineParts engine;
  private final TemporalOptions options;

  private TemporalWorkOrders(WorkflowClient client, EngineParts engine, TemporalOptions options) {
    this.client = client;
    this.engine = engine;
    this.options = options;
  }

  /**
   * A facade over {@code client}, checking requests against the workflows and ports of {@code ports}
   * (configure it as the workers' builder is configured).
   *
   * @throws dev.awo.domain.InvalidInputException when the ports are incomplete or a workflow does not compile
   */
  public static TemporalWorkOrders create(WorkflowClient client, WorkflowOrchestratorBuilder ports,
      TemporalOptions options) {
    requirePresent(client, "client");
    requirePresent(ports, "ports");
    requirePresent(options, "options");
    return new TemporalWorkOrders(client, ports.engineParts(Runnable::run), options);
  }

  @Override
  public WorkOrderId submit(WorkOrderRequest request) {
    requirePresent(request, "request");
    return start(request, request.idempotencyKey() == null ? null : request.idempotencyKey().value());
  }

  /**
   * Submits with an idempotency key (the same as setting {@link WorkOrderRequest.Builder#idempotencyKey}
   * on the request): the work order id is derived from the key, so a second
   * submit with the same key starts nothing and returns the first one's id (Temporal also refuses
   * a second execution with that workflow id). Keys are compared by their SHA-256; ids have 32 bits,
   * so keys are for telling retries of one request apart, not for naming millions of work orders.
   * Two submits with one key at the same moment (threads or JVMs) get the same id, and one run.
   *
   * @throws dev.awo.core.IdempotencyKeyConflictException when the key was used for a different request
   */
  public WorkOrderId submit(WorkOrderRequest request, String idempotencyKey) {
    requireText(idempotencyKey, "idempotencyKey");
    return start(request, idempotencyKey);
  }

  private WorkOrderId start(WorkOrderRequest request, String key) {
    requirePresent(request, "request");
    WorkOrderId keyed = key == null ? null : idFor(key);
    Optional<WorkOrder> before = keyed == null ? Optional.empty() : engine.services().workOrders().find(keyed);
    if (before.isPresent()) {
      return submittedBefore(before.get(), request);
    }
    Intake intake = new Intake(engine.services(), engine.workflows(), engine.ids(), new RunFactory(engine.services()),
        new RunRegistry(engine.services().workOrders(), engine.services().clock(), KeptSandboxLimits.DEFAULT));
    RunEntry entry;
    try {
      if (keyed == null) {
        entry = intake.acceptStored(request);
      } else {
        Optional<RunEntry> created = intake.acceptStoredAs(request, keyed);
        if (created.isEmpty()) { // submitted with the same key at the same moment (another thread or JVM)
          return submittedBefore(existing(keyed), request);
        }
        entry = created.get();
      }
    } catch (DuplicateIdempotencyKeyException e) { // the key names a work order of another id (an embedded submit)
      return submittedBefore(existing(e.existing()), request);
    }
    WorkOrder order = entry.state().current();
    WorkflowOptions workflowOptions = WorkflowOptions.newBuilder()
        .setWorkflowId(order.id().value())
        .setTaskQueue(options.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build();
    AwoWorkflow workflow = client.newWorkflowStub(AwoWorkflow.class, workflowOptions);
    try {
      WorkflowClient.start(workflow::run, new AwoWorkflow.RunInput(order.id().value(), order.workflow(),
          engine.services().maxParallelNodes()));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // a concurrent submit with the same key won the race: its execution is this work order's
    } catch (RuntimeException e) {
      String why = Redactor.patternsOnly().redact(String.valueOf(e.getMessage()));
      entry.state().update(b -> b.status(WorkOrderStatus.FAILED).errorMessage("Temporal refused to start the run: " + why));
      throw new WorkOrderRejectedException("Work order " + order.id() + " could not be started on Temporal (it is "
          + "stored as failed): " + why, e);
    }
    return order.id();
  }

  /**
   * The id of a work order submitted before with the same idempotency key.
   *
   * @throws dev.awo.core.IdempotencyKeyConflictException when that was a different request
   */
  private static WorkOrderId submittedBefore(WorkOrder before, WorkOrderRequest request) {
    Intake.requireSameRequest(before, request);
    return before.id();
  }

  /** The work order id an idempotency key maps to. */
  public static WorkOrderId idFor(String idempotencyKey) {
    requireText(idempotencyKey, "idempotencyKey");
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return WorkOrderId.of(String.format("wo-%02x%02x%02x%02x", hash[0], hash[1], hash[2], hash[3]));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean cancel(WorkOrderId id) {
    if (existing(id).status().isTerminal()) {
      return false;
    }
    try {
      client.newUntypedWorkflowStub(id.value()).cancel();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false; // it ended between the look at its row and the cancel request
    }
  }

  @Override
  public void approve(WorkOrderId id, String nodeId) {
    decide(id, nodeId, true, null);
  }

  @Override
  public void reject(WorkOrderId id, String nodeId, String reason) {
    requireText(reason, "reason");
    decide(id, nodeId, false, reason);
  }

  /**
   * Through the workflow's update: checked against the open gates there, and returns once saved.
   * Refusals are the exceptions {@link WorkOrderService#approve} documents, as the embedded engine
   * throws them.
   */
  private void decide(WorkOrderId id, String nodeId, boolean approved, String reason) {
    requireText(nodeId, "nodeId");
    WorkOrder order = existing(id);
    CompiledWorkflow workflow = engine.workflows().get(order.workflow());
    if (workflow != null && !workflow.humanGates().contains(nodeId)) {
      throw new UnknownGateException(id, nodeId, workflow.humanGates());
    }
    if (order.status().isTerminal()) {
      throw notWaiting(id, nodeId, "it has ended " + order.status().wireName());
    }
    try {
      client.newWorkflowStub(AwoWorkflow.class, id.value()).decideNow(new AwoWorkflow.GateDecision(nodeId, approved, reason));
    } catch (WorkflowNotFoundException e) {
      throw notWaiting(id, nodeId, "it has ended");
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause();
      throw notWaiting(id, nodeId, cause instanceof ApplicationFailure app ? app.getOriginalMessage()
          : String.valueOf(e.getMessage()));
    }
  }

  /** A gate already decided (its saved result says how), else a gate not waiting now. */
  private GateNotWaitingException notWaiting(WorkOrderId id, String gate, String why) {
    String decision = stepHistory(id).latest(gate).map(r -> r.data().get("decision")).orElse(null);
    if (decision != null) {
      return new GateAlreadyDecidedException("The human gate '" + gate + "' of work order " + id.value()
          + " was already " + decision + "; a gate takes one decision", decision);
    }
    return new GateNotWaitingException("The human gate '" + gate + "' of work order " + id.value()
        + " is not waiting for a decision (" + why + ")");
  }

  @Override
  public Map<String, String> waitingGates(WorkOrderId id) {
    if (existing(id).status().isTerminal()) {
      return Map.of();
    }
    try {
      return client.newWorkflowStub(AwoWorkflow.class, id.value()).openGates();
    } catch (WorkflowNotFoundException e) {
      return Map.of(); // it ended meanwhile
    }
  }

  /**
   * Sends a follow-up prompt to an ended work order's agent, as the embedded engine does: its last
   * agent session is resumed in the sandbox the worker that ran the work order kept ({@code
   * SandboxRetention.KEEP} on the workers' builder, within its {@code KeptSandboxLimits}), and the
   * exchange is saved as a {@code prompt} step through the host's repository (version + 1) and
   * announced to the listeners before this returns. One prompt at a time per work order. The worker
   * is found by a query on the work order's (closed) execution; the prompt then runs as a short
   * {@link FollowUpWorkflow} on that worker's own queue, never retried (an agent call is not
   * idempotent). The prompt text is redacted before it reaches Temporal.
   *
   * @return the saved {@code prompt} step, as the repository has it (redacted)
   * @throws UnknownWorkOrderException for an unknown id
   * @throws WorkOrderStateException while the work order still runs, while another prompt to it runs,
   *     when its sandbox is gone (not kept, released beyond the limits, or its worker stopped: then
   *     within the worker-lost timeout), or when Temporal could not run the prompt
   * @throws HistoryNotSavedException when the exchange could not be saved (under {@code
   *     SaveFailurePolicy.FAIL_WORK_ORDER} the work order is then failed)
   */
  @Override
  public StepResult prompt(WorkOrderId id, String text) {
    requireText(text, "prompt");
    WorkOrder order = existing(id);
    if (!order.status().isTerminal()) {
      throw FollowUps.notEnded(order);
    }
    if (order.sandboxPath() == null) { // cleaned up when the run ended, or released since
      throw FollowUps.sandboxGone(id, FollowUps.NOT_KEPT);
    }
    String queue = keepingQueue(id);
    int attempt = runPrompt(id, queue, Redactor.patternsOnly().redact(text));
    return stepHistory(id).results().stream()
        .filter(r -> r.step().equals(NodeExecutor.FOLLOW_UP_STEP) && r.attempt() == attempt)
        .reduce((a, b) -> b)
        .orElseThrow(() -> new HistoryNotSavedException("The follow-up prompt to work order " + id + " ran (attempt "
            + attempt + ") but its result is not in the step history: its save failed (see the save_failed event)"));
  }

  /** The own queue of the worker keeping the sandbox, asked of the work order's execution. */
  private String keepingQueue(WorkOrderId id) {
    String queue;
    try {
      queue = client.newWorkflowStub(AwoWorkflow.class, id.value()).sandboxQueue();
    } catch (WorkflowNotFoundException e) {
      throw FollowUps.sandboxGone(id, "Temporal no longer has its run (past the namespace's retention), so no "
          + "worker can be found that keeps it");
    } catch (WorkflowException e) {
      throw new WorkOrderStateException("Could not ask Temporal which worker keeps the sandbox of work order " + id
          + " (a workflow worker on task queue '" + options.taskQueue() + "' answers that): "
          + Redactor.patternsOnly().redact(String.valueOf(e.getMessage())));
    }
    if (queue == null) {
      throw FollowUps.sandboxGone(id, "no worker held it when the run ended");
    }
    return queue;
  }

  /** Runs the prompt as the work order's follow-up execution; returns the saved step's attempt number. */
  private int runPrompt(WorkOrderId id, String queue, String text) {
    FollowUpWorkflow followUp = client.newWorkflowStub(FollowUpWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id.value() + "/prompt")
        .setTaskQueue(options.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowExecutionTimeout(FollowUpWorkflowImpl.executionTimeout(options))
        .build());
    try {
      WorkflowClient.start(followUp::prompt, new FollowUpWorkflow.PromptInput(id.value(), queue, text));
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw FollowUps.stillPrompting(id);
    }
    try {
      return WorkflowStub.fromTyped(followUp).getResult(Integer.class);
    } catch (WorkflowFailedException e) {
      throw refusal(id, queue, e);
    }
  }

  /** What a failed follow-up execution means to the caller. */
  private RuntimeException refusal(WorkOrderId id, String queue, WorkflowFailedException e) {
    Throwable cause = e.getCause() instanceof ActivityFailure activity ? activity.getCause() : e.getCause();
    if (cause instanceof TimeoutFailure timeout) {
      return FollowUps.sandboxGone(id, timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
          ? "the worker that kept it (task queue " + queue + ") did not take the prompt within the worker-lost "
              + "timeout (" + options.workerLostTimeout() + "): it has stopped, and prompts need the worker that ran "
              + "the work order alive"
          : "the worker that kept it (task queue " + queue + ") was lost while the prompt ran ("
              + timeout.getTimeoutType() + "); the step history shows whether the exchange was saved");
    }
    if (cause instanceof ApplicationFailure app && FollowUpActivitiesImpl.NOT_SAVED.equals(app.getType())) {
      return new HistoryNotSavedException(app.getOriginalMessage());
    }
    if (cause instanceof ApplicationFailure app && FollowUpActivitiesImpl.PROMPT_REFUSED.equals(app.getType())) {
      return new WorkOrderStateException(app.getOriginalMessage());
    }
    return new WorkOrderStateException("The follow-up prompt to work order " + id + " could not be run on Temporal: "
        + Redactor.patternsOnly().redact(String.valueOf(cause == null ? e.getMessage() : cause.getMessage())));
  }

  @Override
  public Optional<WorkOrder> workOrder(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return engine.services().workOrders().find(id);
  }

  @Override
  public List<WorkOrder> workOrders() {
    return engine.services().workOrders().list();
  }

  @Override
  public List<WorkOrder> workOrders(WorkOrderStatus status) {
    requirePresent(status, "status");
    return engine.services().workOrders().list(status);
  }

  @Override
  public StepHistory stepHistory(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return engine.services().histories().find(id).orElseGet(() -> {
      existing(id);
      return StepHistory.empty(id);
    });
  }

  /**
   * Completes once the workflow execution has closed, with the work order as the workers saved it
   * (the final status is saved, and heard by the workers' listeners, before the execution closes).
   */
  @Override
  public CompletableFuture<WorkOrder> completion(WorkOrderId id) {
    WorkOrder now = existing(id);
    if (now.status().isTerminal()) {
      return CompletableFuture.completedFuture(now);
    }
    WorkflowStub stub = client.newUntypedWorkflowStub(id.value());
    return stub.getResultAsync(String.class).handle((status, failure) -> existing(id));
  }

  private WorkOrder existing(WorkOrderId id) {
    requirePresent(id, "workOrderId");
    return engine.services().workOrders().find(id).orElseThrow(() -> new UnknownWorkOrderException(id));
  }
}
