package dev.awo.domain;

import static dev.awo.spi.Arguments.requirePresent;

import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of a work order's step results, in the order they were recorded (one per
 * attempt), with a version that rises by one with every recorded result: the version always equals
 * the number of results.
 *
 * <p>Histories only grow: a snapshot of version {@code n + k} begins with the {@code n} results of
 * the snapshot of version {@code n}. That is what lets a repository store only the new tail of a
 * snapshot when it knows the version it holds, and why a lost save heals at the next one.
 *
 * <pre>{@code
 * StepHistory history = StepHistory.empty(id).append(classifyResult).append(planResult);
 * history.version();   // 2
 * }</pre>
 *
 * <p>{@link #append} costs the same whatever the length of the history: snapshots share their
 * results rather than copying them. {@link #results()} cannot be modified. Instances are immutable
 * and thread-safe.
 *
 * @param workOrderId whose history this is
 * @param results every recorded result, oldest first
 * @param version the number of results recorded
 */
public record StepHistory(WorkOrderId workOrderId, List<StepResult> results, long version) {

  public StepHistory {
    requirePresent(workOrderId, "workOrderId");
    requirePresent(results, "results");
    results = AppendOnlyList.copyOf(results, "results");
    if (version != results.size()) {
      throw new InvalidInputException(
          "version",
          "must equal the number of results (" + results.size() + "), got " + version);
    }
  }

  /** The history of a work order before its first step ended. */
  public static StepHistory empty(WorkOrderId workOrderId) {
    return new StepHistory(workOrderId, List.of(), 0);
  }

  /** A snapshot built from results, with the matching version. */
  public static StepHistory of(WorkOrderId workOrderId, List<StepResult> results) {
    return new StepHistory(workOrderId, results, results.size());
  }

  /** This history with one more result and a version one higher; this snapshot is unchanged. */
  public StepHistory append(StepResult result) {
    requirePresent(result, "result");
    return new StepHistory(workOrderId, ((AppendOnlyList<StepResult>) results).plus(result), version + 1);
  }

  public int size() {
    return results.size();
  }

  public boolean isEmpty() {
    return results.isEmpty();
  }

  /** The most recent result, if any. */
  public Optional<StepResult> latest() {
    return results.isEmpty() ? Optional.empty() : Optional.of(results.get(results.size() - 1));
  }

  /** The most recent result of {@code step}, if it ran. */
  public Optional<StepResult> latest(String step) {
    for (int i = results.size() - 1; i >= 0; i--) {
      if (results.get(i).step().equals(step)) {
        return Optional.of(results.get(i));
      }
    }
    return Optional.empty();
  }

  /** The results from index {@code fromIndex} on: the tail a repository appends after that many. */
  public List<StepResult> resultsFrom(int fromIndex) {
    return results.subList(Math.min(Math.max(fromIndex, 0), results.size()), results.size());
  }
}
