import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The consumer's own work-order repository: a map, listed oldest first, idempotency keys unique. */
public class MyWorkOrderRepository implements WorkOrderRepository {
  private final Map<WorkOrderId, WorkOrder> orders = new ConcurrentHashMap<>();

  @Override
  public synchronized void save(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    if (workOrder.idempotencyKey() != null) {
      orders.values().stream()
          .filter(o -> workOrder.idempotencyKey().equals(o.idempotencyKey()) && !o.id().equals(workOrder.id()))
          .findFirst().ifPresent(o -> {
            throw new DuplicateIdempotencyKeyException(workOrder.id(), o.id());
          });
    }
    orders.put(workOrder.id(), workOrder);
  }

  @Override
  public synchronized boolean create(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    if (orders.containsKey(workOrder.id())) {
      return false;
    }
    save(workOrder);
    return true;
  }

  @Override
  public Optional<WorkOrder> find(WorkOrderId id) {
    Objects.requireNonNull(id, "id must not be null");
    return Optional.ofNullable(orders.get(id));
  }

  @Override
  public List<WorkOrder> list() {
    return orders.values().stream()
        .sorted(Comparator.comparing(WorkOrder::createdAt).thenComparing(o -> o.id().value())).toList();
  }

  @Override
  public List<WorkOrder> list(WorkOrderStatus status) {
    Objects.requireNonNull(status, "status must not be null");
    return list().stream().filter(o -> o.status() == status).toList();
  }
}
