package dev.awo.core.memory;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps work orders in memory. Reads never wait for writers. {@code list} sorts on every call,
 * which suits the thousands of work orders a single host keeps in memory, not millions.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryWorkOrderRepository implements WorkOrderRepository {
  private static final Comparator<WorkOrder> OLDEST_FIRST =
      Comparator.comparing(WorkOrder::createdAt).thenComparing(WorkOrder::id);

  private final ConcurrentMap<WorkOrderId, WorkOrder> orders = new ConcurrentHashMap<>();

  @Override
  public void save(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    orders.put(workOrder.id(), workOrder);
  }

  @Override
  public Optional<WorkOrder> find(WorkOrderId id) {
    Objects.requireNonNull(id, "id must not be null");
    return Optional.ofNullable(orders.get(id));
  }

  @Override
  public List<WorkOrder> list() {
    return orders.values().stream().sorted(OLDEST_FIRST).toList();
  }

  @Override
  public List<WorkOrder> list(WorkOrderStatus status) {
    Objects.requireNonNull(status, "status must not be null");
    return orders.values().stream().filter(o -> o.status() == status).sorted(OLDEST_FIRST).toList();
  }
}
