package dev.awo.core.internal;

import dev.awo.core.StoreUnavailableException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The live state of one work order: every change is written through the repository as it happens
 * (retried by the {@link StoreRetry} while the store is unreachable, so the run waits) and, for
 * status changes, announced only after the write. Changes are serialised per work order. The first
 * row of a new work order is created ({@link WorkOrderRepository#create}), never written over
 * another's: when its id turns out taken, nothing is written or announced and every later write
 * throws {@link WorkOrderIdTakenException}, so the intake admits the request again under another id.
 *
 * <p>When a write fails for good, the state is <em>lost</em>: it stays what the store last
 * recorded, nothing is announced, the run's control is failed so no new node starts, and every
 * later change throws {@link StoreUnavailableException} — so listeners never hear a state the store
 * does not have, and the work order is left for recovery. Thread-safe.
 */
public final class WorkOrderState {
  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderState.class);

  private final WorkOrderRepository repository;
  private final RunEvents events;
  private final StoreRetry retry;
  private final RunControl control;
  private final Clock clock;
  private boolean written; // guarded by this: the store has a row of this work order
  private WorkOrderIdTakenException taken; // guarded by this: its first row was refused
  private final RunLease lease;
  private volatile WorkOrder current;
  private volatile String lost;

  /**
   * The state of {@code start}; {@code stored} says whether the store has a row of it already (a
   * recovered or claimed work order), else the first write creates it ({@link
   * WorkOrderRepository#create}), never replacing another work order's row.
   */
  public WorkOrderState(WorkOrder start, boolean stored, WorkOrderRepository repository, RunEvents events,
      StoreRetry retry, RunControl control, Clock clock, RunLease lease) {
    this.current = start;
    this.written = stored;
    this.repository = repository;
    this.events = events;
    this.retry = retry;
    this.control = control;
    this.clock = clock;
    this.lease = lease;
  }

  /** The work order as last written (or, before the first write, as accepted). */
  public WorkOrder current() {
    return current;
  }

  /** Why the store could not be written, once a write failed for good; else null. */
  public String lost() {
    return lost;
  }

  /**
   * Applies {@code change} (given a builder already stamped with the current time), writes it and,
   * for a status change, announces it.
   *
   * @throws StoreUnavailableException when the write failed for good, now or before
   */
  public synchronized WorkOrder update(UnaryOperator<WorkOrder.Builder> change) {
    WorkOrder before = current;
    WorkOrder after = change.apply(before.toBuilder().updatedAt(clock.instant())).build();
    write(after);
    current = after;
    if (before.status() != after.status() && !lease.lost()) {
      RunLog.at(LOG, Level.INFO, after.id().value(), statusEvent(after.status()))
          .addKeyValue("previous_status", before.status().wireName())
          .addKeyValue("status", after.status().wireName())
          .log();
      events.publish(new WorkOrderEvent.StatusChanged(after.id(), after.updatedAt(), before.status(), after.status(), after));
    }
    return after;
  }

  /**
   * Stores the work order's first row, unless a change has already written a newer one (a run
   * that an executor started at once, on the calling thread).
   *
   * @throws StoreUnavailableException when the write failed for good
   * @throws WorkOrderIdTakenException when another work order holds its id (now or before)
   */
  public synchronized void writeIfUnwritten() {
    if (!written) {
      write(current);
    }
  }

  /**
   * Stores the work order's first row and claims its lease, letting a refusal propagate (a
   * duplicate idempotency key, a store that is down, a taken id): for a submission that must know
   * it was stored before it starts.
   */
  public synchronized void writeFirst() {
    requireIdFree();
    written = true;
    if (!created(current)) {
      written = false;
      throw taken();
    }
    lease.claimFirst(current.id());
  }

  /**
   * Creates the first row; true also when an earlier try of this very create was stored but its
   * answer was lost (the row then equals {@code order}, to the nanosecond of its creation time).
   */
  private boolean created(WorkOrder order) {
    return repository.create(order) || repository.find(order.id()).filter(order::equals).isPresent();
  }

  private void requireIdFree() {
    if (taken != null) {
      throw taken;
    }
  }

  private WorkOrderIdTakenException taken() {
    taken = new WorkOrderIdTakenException(current.id());
    return taken;
  }

  public WorkOrder status(WorkOrderStatus status) {
    return update(b -> b.status(status));
  }

  public WorkOrder currentStep(String step) {
    return update(b -> b.currentStep(step));
  }

  private void write(WorkOrder order) {
    if (lease.lost()) {
      return; // another owner carries the work order on: nothing more is written from here
    }
    if (lost != null) {
      throw unavailable();
    }
    requireIdFree();
    boolean first = !written;
    boolean[] created = {true};
    StoreRetry.Outcome outcome = first
        ? retry.write(order.id().value(), "work_order_create_retried", () -> created[0] = created(order))
        : retry.write(order.id().value(), "work_order_save_retried", () -> lease.save(repository, order));
    if (lease.lost()) {
      return; // the lease logged it and stopped the run
    }
    if (!outcome.succeeded()) {
      lost = outcome.error();
      RunLog.at(LOG, Level.ERROR, order.id().value(), "work_order_save_failed")
          .addKeyValue("status", order.status().wireName())
          .addKeyValue("attempts", outcome.attempts())
          .addKeyValue("error", outcome.error())
          .log();
      control.fail("the work order could not be written to the store: " + outcome.error());
      throw unavailable();
    }
    if (!created[0]) {
      throw taken(); // nothing was written: another work order keeps its row
    }
    written = true;
    if (first) {
      try {
        lease.claimFirst(order.id());
      } catch (dev.awo.spi.persistence.LeaseLostException e) {
        // the lease logged it and stopped the run
      }
    }
  }

  private StoreUnavailableException unavailable() {
    return new StoreUnavailableException("Work order " + current.id().value()
        + " could not be written to the store within the save retry policy (" + lost + "); the run stopped"
        + " and the work order is left as the store last recorded it, " + current.status().wireName()
        + ", for recover() to take up once the store is back");
  }

  private static String statusEvent(WorkOrderStatus status) {
    return switch (status) {
      case PENDING -> "agent_work_order_queued";
      case RUNNING -> "agent_work_order_started";
      case WAITING -> "agent_work_order_parked";
      case COMPLETED -> "agent_work_order_completed";
      case FAILED -> "agent_work_order_failed";
      case CANCELLED -> "agent_work_order_cancelled";
    };
  }
}
