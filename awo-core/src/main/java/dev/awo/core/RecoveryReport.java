package dev.awo.core;

import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.WorkOrderId;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link WorkflowOrchestrator#recover()} took up: the non-terminal work orders it found, by
 * what became of them, and what it cleaned up after the processes that left them. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * RecoveryReport report = orchestrator.recover();
 * log.info("resumed {} work orders, {} could not be recovered", report.resumed().size(), report.failed().size());
 * }</pre>
 *
 * @param started pending work orders, started afresh
 * @param parked waiting work orders, parked at their gates again
 * @param resumed running work orders, going on from their last saved step
 * @param failed work orders whose work could not be recovered (their sandbox was lost and not
 *     pushed) or whose failure was saved before the crash: they end failed, with the reason
 * @param orphanProcessesKilled processes of dead owners (agents, {@code git push}) killed first
 * @param sandboxesReclaimed sandboxes of dead owners removed once every work order was taken up
 */
public record RecoveryReport(List<WorkOrderId> started, List<WorkOrderId> parked, List<WorkOrderId> resumed,
    List<WorkOrderId> failed, int orphanProcessesKilled, int sandboxesReclaimed) {

  public RecoveryReport {
    started = List.copyOf(requirePresent(started, "started"));
    parked = List.copyOf(requirePresent(parked, "parked"));
    resumed = List.copyOf(requirePresent(resumed, "resumed"));
    failed = List.copyOf(requirePresent(failed, "failed"));
    if (orphanProcessesKilled < 0 || sandboxesReclaimed < 0) {
      throw new dev.awo.domain.InvalidInputException("counts", "must not be negative");
    }
  }

  /** Every work order taken up, in the order of the lists above. */
  public List<WorkOrderId> all() {
    List<WorkOrderId> all = new ArrayList<>(started);
    all.addAll(parked);
    all.addAll(resumed);
    all.addAll(failed);
    return List.copyOf(all);
  }
}
