import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Broken on purpose: the last save wins, so a lower version overwrites a higher one. */
public class MyStepHistoryRepository implements StepHistoryRepository {
  private final Map<WorkOrderId, StepHistory> histories = new ConcurrentHashMap<>();

  @Override
  public void save(StepHistory snapshot) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    histories.put(snapshot.workOrderId(), snapshot);
  }

  @Override
  public Optional<StepHistory> find(WorkOrderId workOrderId) {
    Objects.requireNonNull(workOrderId, "workOrderId must not be null");
    return Optional.ofNullable(histories.get(workOrderId));
  }
}
