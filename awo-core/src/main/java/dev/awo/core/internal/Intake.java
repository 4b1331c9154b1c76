package dev.awo.core.internal;

import dev.awo.core.WorkOrderIdGenerator;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.SandboxRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where work orders enter the registry: a new request, checked (workflow, issue support, the
 * repository through the sandbox factory) and redacted before anything is stored, or a waiting
 * work order taken up again after a restart. Thread-safe.
 */
public final class Intake {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
  private static final int ID_TRIES = 16;

  private final RunServices services;
  private final Map<String, CompiledWorkflow> workflows;
  private final WorkOrderIdGenerator ids;
  private final RunFactory factory;
  private final RunRegistry registry;

  public Intake(RunServices services, Map<String, CompiledWorkflow> workflows, WorkOrderIdGenerator ids,
      RunFactory factory, RunRegistry registry) {
    this.services = services;
    this.workflows = Map.copyOf(workflows);
    this.ids = ids;
    this.factory = factory;
    this.registry = registry;
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
    CompiledWorkflow workflow = workflows.get(request.workflow());
    if (workflow == null) {
      throw new InvalidInputException("workflow", "unknown workflow '" + request.workflow() + "'; known: "
          + String.join(", ", workflowNames()));
    }
    if (request.issueNumber() != null && services.issueSource() == null) {
      throw new InvalidInputException("issueNumber", "this orchestrator has no IssueSource to read issue #"
          + request.issueNumber() + " with; configure one (e.g. the gh adapter) or leave the issue out");
    }
    for (int i = 0; i < ID_TRIES; i++) {
      WorkOrderId id = ids.next();
      if (services.workOrders().find(id).isPresent() || registry.contains(id)) {
        continue;
      }
      services.sandboxes().validate(new SandboxRequest(id, request.repositoryUrl(), request.sandboxType()));
      WorkOrder order = WorkOrder.builder(id, request.repositoryUrl(), Redactor.patternsOnly().redact(request.userRequest()))
          .issueNumber(request.issueNumber()).sandboxType(request.sandboxType()).workflow(workflow.name())
          .status(WorkOrderStatus.PENDING).createdAt(services.clock().instant()).idempotencyKey(request.idempotencyKey())
          .build();
      RunEntry entry = factory.fresh(order, workflow, registry.completionFor(id));
      if (registry.add(entry)) {
        RunLog.at(LOG, Level.DEBUG, id.value(), "agent_work_order_submitted").addKeyValue("workflow", workflow.name())
            .addKeyValue("sandbox_type", request.sandboxType().wireName()).log();
        return entry;
      }
    }
    throw new IllegalStateException("The id generator keeps returning ids that are taken");
  }

  /** The work order already submitted with the request's idempotency key, if it has one and there is one. */
  public Optional<WorkOrder> submittedBefore(WorkOrderRequest request) {
    IdempotencyKey key = request.idempotencyKey();
    return key == null ? Optional.empty() : services.workOrders().findByIdempotencyKey(key);
  }

  /**
   * Registers a run for {@code order}, claimed by this orchestrator under {@code lease}, rebuilt
   * from its saved history (finished nodes replayed); empty when its workflow is unknown here or it
   * is registered already.
   */
  public Optional<RunEntry> takeUp(WorkOrder order, Lease lease) {
    CompiledWorkflow workflow = workflows.get(order.workflow());
    if (workflow == null) {
      RunLog.at(LOG, Level.WARN, order.id().value(), "work_order_not_taken_over")
          .addKeyValue("workflow", order.workflow()).log();
      return Optional.empty();
    }
    StepHistory history = services.histories().find(order.id()).orElse(StepHistory.empty(order.id()));
    RunEntry entry = factory.recovered(order, history, workflow, registry.completionFor(order.id()));
    entry.lease().adopt(lease);
    return registry.add(entry) ? Optional.of(entry) : Optional.empty();
  }

  /** Registers a run for every stored waiting work order not registered yet; see the orchestrator. */
  public List<RunEntry> recoverWaiting() {
    List<RunEntry> recovered = new ArrayList<>();
    for (WorkOrder order : services.workOrders().list(WorkOrderStatus.WAITING)) {
      CompiledWorkflow workflow = workflows.get(order.workflow());
      if (workflow == null) {
        RunLog.at(LOG, Level.WARN, order.id().value(), "waiting_work_order_not_recovered")
            .addKeyValue("workflow", order.workflow()).log();
        continue;
      }
      if (registry.contains(order.id())) {
        continue;
      }
      StepHistory history = services.histories().find(order.id()).orElse(StepHistory.empty(order.id()));
      RunEntry entry = factory.recovered(order, history, workflow, registry.completionFor(order.id()));
      if (registry.add(entry)) {
        RunLog.at(LOG, Level.INFO, order.id().value(), "waiting_work_order_recovered")
            .addKeyValue("gates", String.join(",", entry.run().openGates())).log();
        recovered.add(entry);
      }
    }
    return recovered;
  }
}
