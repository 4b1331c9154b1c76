package dev.awo.core.internal;

/**
 * The per-work-order pieces every part of a run shares: its live state, its history recorder, its
 * cancellation control and its one event publisher. Immutable; the pieces are thread-safe.
 */
public record RunParts(WorkOrderState state, HistoryRecorder recorder, RunControl control, RunEvents events,
    RunLease lease) {
  /** The same pieces with a fresh control, for work after the run (a follow-up prompt). */
  public RunParts withFreshControl() {
    return new RunParts(state, recorder, new RunControl(), events, lease);
  }
}
