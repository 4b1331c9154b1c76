package dev.awo.core.internal;

import dev.awo.core.workflow.AgentCall;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.ToolCall;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.Lease;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Takes up one work order that an earlier orchestrator on the same repositories left non-terminal
 * ({@link #take}): {@code pending} ones get a fresh run; {@code waiting} and {@code running} ones
 * are rebuilt from their saved history ({@link HistoryReplay}), the attempt in flight at the crash
 * recorded interrupted, and their sandbox taken over through {@link
 * dev.awo.spi.sandbox.SandboxFactory#recover} — re-attached, or re-created from the pushed branch —
 * whenever a saved step may have changed it. When it cannot be, the run is registered to fail with
 * a reason that says so, never to go on without its work. Nothing is started here: the caller
 * starts or resumes the returned entry once every work order is taken (so that reclaiming dead
 * processes' sandboxes cannot remove one being taken up). Thread-safe (stateless besides its
 * collaborators).
 */
public final class RunRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

  /** What became of a work order taken up. */
  public enum Kind {
    /** Pending: started afresh. */
    STARTED,
    /** Waiting: parked at its gates again. */
    PARKED,
    /** Running: goes on from its last saved step. */
    RESUMED,
    /** Its work could not be recovered (or its failure was saved already): it ends failed. */
    FAILED
  }

  /** A work order taken up: its registered entry and what becomes of it. */
  public record Taken(RunEntry entry, Kind kind) {}

  private final RunServices services;
  private final Map<String, CompiledWorkflow> workflows;
  private final RunFactory factory;
  private final RunRegistry registry;

  public RunRecovery(RunServices services, Map<String, CompiledWorkflow> workflows, RunFactory factory,
      RunRegistry registry) {
    this.services = services;
    this.workflows = Map.copyOf(workflows);
    this.factory = factory;
    this.registry = registry;
  }

  /**
   * Registers a run for {@code order}, a non-terminal work order no run of this orchestrator has;
   * empty when it is terminal, already registered, or names a workflow this orchestrator does not
   * have (logged, left as it is).
   */
  public Optional<Taken> take(WorkOrder order) {
    return take(order, null);
  }

  /**
   * As {@link #take(WorkOrder)}, for a work order this orchestrator claimed under {@code lease}
   * (null without leases): the run holds the lease from its first write on.
   */
  public Optional<Taken> take(WorkOrder order, Lease lease) {
    if (order.status().isTerminal() || registry.contains(order.id())) {
      return Optional.empty();
    }
    CompiledWorkflow workflow = workflows.get(order.workflow());
    if (workflow == null) {
      RunLog.at(LOG, Level.WARN, order.id().value(), "work_order_not_recovered")
          .addKeyValue("status", order.status().wireName()).addKeyValue("workflow", order.workflow())
          .addKeyValue("reason", "unknown workflow").log();
      return Optional.empty();
    }
    if (order.status() == WorkOrderStatus.PENDING) {
      RunEntry entry = factory.fresh(order, workflow, registry.completionFor(order.id()), lease);
      return registry.add(entry) ? Optional.of(new Taken(entry, Kind.STARTED)) : Optional.empty();
    }
    StepHistory history = services.histories().find(order.id()).orElse(StepHistory.empty(order.id()));
    RunSandbox.TakeOver takeOver = RunSandbox.takeOver(services, order, history, workflow);
    String inFlight = takeOver.interruptedStep();
    RecoveryPlan plan = new RecoveryPlan(inFlight, takeOver.sandbox(), takeOver.failure());
    RunEntry entry = factory.recovered(order, history, workflow, registry.completionFor(order.id()), plan, lease);
    if (!registry.add(entry)) {
      return Optional.empty();
    }
    String failure = entry.run().failureAtRecovery();
    Kind kind = failure != null ? Kind.FAILED
        : order.status() == WorkOrderStatus.WAITING && inFlight == null ? Kind.PARKED : Kind.RESUMED;
    RunLog.at(LOG, kind == Kind.FAILED ? Level.WARN : Level.INFO, order.id().value(), "work_order_recovered")
        .addKeyValue("status", order.status().wireName()).addKeyValue("as", kind.name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("saved_steps", history.size()).addKeyValue("interrupted_step", inFlight)
        .addKeyValue("sandbox", plan.sandbox() == null ? "none" : plan.sandbox().how().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("gates", String.join(",", entry.run().openGates()))
        .addKeyValue("error", failure).log();
    return Optional.of(new Taken(entry, kind));
  }

  /**
   * The agent or tool node that was in flight at the crash: the step the stored work order names as
   * current, unless its last saved result shows it ended (succeeded, or failed and skipped).
   */
  static String inFlight(WorkOrder order, StepHistory history, CompiledWorkflow workflow) {
    String step = order.currentStep();
    if (order.status() != WorkOrderStatus.RUNNING || step == null) {
      return null;
    }
    NodeDefinition node;
    try {
      node = workflow.node(step);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!(node instanceof AgentCall || node instanceof ToolCall)) {
      return null;
    }
    return HistoryReplay.wasInFlight(history, node) ? step : null;
  }

}
