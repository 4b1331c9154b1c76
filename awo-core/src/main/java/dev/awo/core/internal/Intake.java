package dev.awo.core.internal;

import dev.awo.core.IdempotencyKeyConflictException;
import dev.awo.core.WorkOrderIdGenerator;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.SandboxRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where work orders enter the registry: a new request, checked (workflow, issue support, the
 * repository through the sandbox factory) and redacted before anything is stored, or a work order
 * left non-terminal by an earlier orchestrator, taken up by its {@link RunRecovery}. Thread-safe.
 */
public final class Intake {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
  private static final int ID_TRIES = 16;

  private final RunServices services;
  private final Map<String, CompiledWorkflow> workflows;
  private final WorkOrderIdGenerator ids;
  private final RunFactory factory;
  private final RunRegistry registry;
  private final RunRecovery recovery;

  public Intake(RunServices services, Map<String, CompiledWorkflow> workflows, WorkOrderIdGenerator ids,
      RunFactory factory, RunRegistry registry) {
    this.services = services;
    this.workflows = Map.copyOf(workflows);
    this.ids = ids;
    this.factory = factory;
    this.registry = registry;
    this.recovery = new RunRecovery(services, workflows, factory, registry);
  }

  /** The names of the workflows, sorted. */
  public List<String> workflowNames() {
    return List.copyOf(new TreeSet<>(workflows.keySet()));
  }

  /**
   * Checks {@code request} and registers a run for it (nothing stored yet); credential-shaped text
   * in the user request is redacted here, so it reaches neither the store, the listeners nor the agent.
   *
   * @throws InvalidInputException for a request that cannot run
   */
  public RunEntry accept(WorkOrderRequest request) {
    return admit(request, entry -> { });
  }

  /**
   * As {@link #accept}, and stores the work order's first row before returning (for an engine that
   * starts the run itself).
   *
   * @throws dev.awo.spi.persistence.DuplicateIdempotencyKeyException when another work order holds its key
   */
  public RunEntry acceptStored(WorkOrderRequest request) {
    return admit(request, entry -> entry.state().writeIfUnwritten());
  }

  /**
   * Checks {@code request}, registers a run for it under a fresh id and hands it to {@code start}
   * (which stores its first row, now or once it runs). The first row is created, never written over
   * another work order's: when {@code start} finds the id taken in the store (another orchestrator
   * drew it first), nothing was written, the run is dropped before it does anything, and the
   * request is admitted again under the next id, at most {@value #ID_TRIES} ids in all.
   *
   * @throws InvalidInputException for a request that cannot run
   * @throws IllegalStateException when the id generator keeps returning ids that are taken
   */
  public RunEntry admit(WorkOrderRequest request, Consumer<RunEntry> start) {
    CompiledWorkflow workflow = checkedWorkflow(request);
    WorkOrderId lastTaken = null;
    for (int i = 0; i < ID_TRIES; i++) {
      WorkOrderId id = ids.next();
      Optional<RunEntry> entry = startUnder(request, workflow, id, start);
      if (entry.isPresent()) {
        return entry.get();
      }
      RunLog.at(LOG, Level.INFO, id.value(), "work_order_id_taken").addKeyValue("try", i + 1).log();
      lastTaken = id;
    }
    throw new IllegalStateException("The work order id generator returned " + ID_TRIES + " ids in a row that are "
        + "taken in the store or by a run of this orchestrator (the last: " + lastTaken + "); give the orchestrator "
        + "a generator of unpredictable ids, e.g. WorkOrderIdGenerator.random(), not a constant or restarted sequence");
  }

  /**
   * As {@link #acceptStored}, under the one id {@code id} (an engine that derives the id from an
   * idempotency key): empty when a work order with that id is stored or running already, in which
   * case nothing was written.
   *
   * @throws InvalidInputException for a request that cannot run
   */
  public Optional<RunEntry> acceptStoredAs(WorkOrderRequest request, WorkOrderId id) {
    return startUnder(request, checkedWorkflow(request), id, entry -> entry.state().writeIfUnwritten());
  }

  /** Registers and starts a run under {@code id}; empty, with nothing left behind, when the id is taken. */
  private Optional<RunEntry> startUnder(WorkOrderRequest request, CompiledWorkflow workflow, WorkOrderId id,
      Consumer<RunEntry> start) {
    RunEntry entry = services.workOrders().find(id).isPresent() ? null : register(request, workflow, id);
    if (entry == null) {
      return Optional.empty();
    }
    try {
      start.accept(entry);
      return Optional.of(entry);
    } catch (WorkOrderIdTakenException e) {
      entry.claimStart(); // a pass still queued on the executor now finds nothing to do
      registry.discard(entry);
      return Optional.empty();
    } catch (RuntimeException e) {
      registry.discard(entry);
      throw e;
    }
  }

  private CompiledWorkflow checkedWorkflow(WorkOrderRequest request) {
    CompiledWorkflow workflow = workflows.get(request.workflow());
    if (workflow == null) {
      throw new InvalidInputException("workflow", "unknown workflow '" + request.workflow() + "'; known: "
          + String.join(", ", workflowNames()));
    }
    if (request.issueNumber() != null && services.issueSource() == null) {
      throw new InvalidInputException("issueNumber", "this orchestrator has no IssueSource to read issue #"
          + request.issueNumber() + " with; configure one (e.g. the gh adapter) or leave the issue out");
    }
    return workflow;
  }

  /** Registers a run of {@code request} under {@code id}; null when a run of this orchestrator has the id. */
  private RunEntry register(WorkOrderRequest request, CompiledWorkflow workflow, WorkOrderId id) {
    if (registry.contains(id)) {
      return null;
    }
    services.sandboxes().validate(new SandboxRequest(id, request.repositoryUrl(), request.sandboxType()));
    WorkOrder order = WorkOrder.builder(id, request.repositoryUrl(), Redactor.patternsOnly().redact(request.userRequest()))
        .issueNumber(request.issueNumber()).sandboxType(request.sandboxType()).workflow(workflow.name())
        .status(WorkOrderStatus.PENDING).createdAt(services.clock().instant()).idempotencyKey(request.idempotencyKey())
        .maxCostUsd(request.budget().maxCostUsd()).maxTurns(request.budget().maxTurns())
        .build();
    RunEntry entry = factory.fresh(order, workflow, registry.completionFor(id));
    if (!registry.add(entry)) {
      return null;
    }
    RunLog.at(LOG, Level.DEBUG, id.value(), "agent_work_order_submitted").addKeyValue("workflow", workflow.name())
        .addKeyValue("sandbox_type", request.sandboxType().wireName()).log();
    return entry;
  }

  /** The work order already submitted with the request's idempotency key, if it has one and there is one. */
  public Optional<WorkOrder> submittedBefore(WorkOrderRequest request) {
    IdempotencyKey key = request.idempotencyKey();
    Optional<WorkOrder> before = key == null ? Optional.empty() : services.workOrders().findByIdempotencyKey(key);
    before.ifPresent(order -> requireSameRequest(order, request));
    return before;
  }

  /**
   * Refuses a key reused for another request.
   *
   * @throws IdempotencyKeyConflictException naming what differs (never the key or the texts)
   */
  public static void requireSameRequest(WorkOrder order, WorkOrderRequest request) {
    String difference = !order.repositoryUrl().equals(request.repositoryUrl()) ? "repository"
        : !order.workflow().equals(request.workflow()) ? "workflow"
        : !java.util.Objects.equals(order.issueNumber(), request.issueNumber()) ? "issue"
        : order.sandboxType() != request.sandboxType() ? "sandbox type"
        : !order.userRequest().equals(Redactor.patternsOnly().redact(request.userRequest())) ? "user request" : null;
    if (difference != null) {
      throw new IdempotencyKeyConflictException(order.id(), difference);
    }
  }

  /** Takes up work orders left non-terminal by an earlier orchestrator; see the orchestrator's {@code recover()}. */
  public RunRecovery recovery() {
    return recovery;
  }
}
