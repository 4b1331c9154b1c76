import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The consumer's own step-history repository: a map that keeps the highest version. */
public class MyStepHistoryRepository implements StepHistoryRepository {
  private final Map<WorkOrderId, StepHistory> histories = new ConcurrentHashMap<>();

  @Override
  public void save(StepHistory snapshot) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    histories.merge(snapshot.workOrderId(), snapshot, (stored, saved) -> saved.version() >= stored.version() ? saved : stored);
  }

  @Override
  public Optional<StepHistory> find(WorkOrderId workOrderId) {
    Objects.requireNonNull(workOrderId, "workOrderId must not be null");
    return Optional.ofNullable(histories.get(workOrderId));
  }
}
