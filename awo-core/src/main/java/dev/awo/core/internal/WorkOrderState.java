package dev.awo.core.internal;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.process.Redactor;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The live state of one work order: every change is written through the repository as it happens
 * and, for status changes, announced after the write. Changes are serialised per work order.
 * Thread-safe.
 */
public final class WorkOrderState {
  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderState.class);

  private final WorkOrderRepository repository;
  private final RunEvents events;
  private boolean written;
  private final Clock clock;
  private final RunLease lease;
  private volatile WorkOrder current;

  public WorkOrderState(WorkOrder start, WorkOrderRepository repository, RunEvents events, Clock clock, RunLease lease) {
    this.current = start;
    this.repository = repository;
    this.events = events;
    this.clock = clock;
    this.lease = lease;
  }

  public WorkOrder current() {
    return current;
  }

  /** Applies {@code change} (given a builder already stamped with the current time) and saves. */
  public synchronized WorkOrder update(UnaryOperator<WorkOrder.Builder> change) {
    WorkOrder before = current;
    WorkOrder after = change.apply(before.toBuilder().updatedAt(clock.instant())).build();
    current = after;
    write(after);
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
   */
  public synchronized void writeIfUnwritten() {
    if (!written) {
      write(current);
    }
  }

  /**
   * Stores the work order's first row and claims its lease, letting a refusal propagate (a
   * duplicate idempotency key, a store that is down): for a submission that must know it was stored
   * before it starts.
   */
  public synchronized void writeFirst() {
    written = true;
    lease.save(repository, current);
    lease.claimFirst(current.id());
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
    boolean first = !written;
    written = true;
    try {
      lease.save(repository, order);
      if (first) {
        lease.claimFirst(order.id());
      }
    } catch (dev.awo.spi.persistence.LeaseLostException e) {
      return; // the lease logged it and stopped the run
    } catch (RuntimeException e) {
      // the in-memory state stays right and the next change writes it again
      RunLog.at(LOG, Level.ERROR, order.id().value(), "work_order_save_failed")
          .addKeyValue("status", order.status().wireName())
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e)))
          .log();
    }
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
