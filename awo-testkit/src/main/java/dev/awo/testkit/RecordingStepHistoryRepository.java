package dev.awo.testkit;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes saves and reads to a delegate and records every snapshot it stored. Thread-safe. */
final class RecordingStepHistoryRepository implements StepHistoryRepository {
  private final StepHistoryRepository delegate;
  private final List<StepHistory> saved = new CopyOnWriteArrayList<>();

  RecordingStepHistoryRepository(StepHistoryRepository delegate) {
    this.delegate = delegate;
  }

  @Override
  public void save(StepHistory snapshot) {
    delegate.save(snapshot);
    saved.add(snapshot);
  }

  @Override
  public Optional<StepHistory> find(WorkOrderId workOrderId) {
    return delegate.find(workOrderId);
  }

  List<StepHistory> saved(WorkOrderId id) {
    return saved.stream().filter(s -> s.workOrderId().equals(id)).toList();
  }
}
