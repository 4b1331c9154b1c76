package dev.awo.core.internal;

import dev.awo.core.KeptSandboxLimits;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.sandbox.Sandbox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The orchestrator's one registry of work orders: one {@link RunEntry} per work order it runs, kept
 * while the run goes on (also while it waits at a gate) and afterwards while its sandbox is kept
 * for follow-up prompts. Kept sandboxes are bounded by {@link KeptSandboxLimits} (count, idle age,
 * disk): whenever a run ends or a prompt is sent, the least recently used ones beyond a bound are
 * cleaned up and forgotten ({@link KeptSandboxes}). Thread-safe.
 */
public final class RunRegistry {
  private final Map<WorkOrderId, RunEntry> entries = new ConcurrentHashMap<>();
  private final Map<WorkOrderId, CompletableFuture<WorkOrder>> awaited = new ConcurrentHashMap<>();
  private final KeptSandboxes kept;
  private final WorkOrderRepository workOrders;
  private final Clock clock;

  public RunRegistry(WorkOrderRepository workOrders, Clock clock, KeptSandboxLimits limits) {
    this.workOrders = workOrders;
    this.clock = clock;
    this.kept = new KeptSandboxes(clock, limits, id -> find(id).filter(RunEntry::prompting).isPresent(), this::release);
  }

  /** The completion handle a new entry for {@code id} must use (one asked for before it existed). */
  public CompletableFuture<WorkOrder> completionFor(WorkOrderId id) {
    CompletableFuture<WorkOrder> early = awaited.remove(id);
    return early != null ? early : new CompletableFuture<>();
  }

  /** Adds the entry of a work order that is not registered yet; false if one is. */
  public boolean add(RunEntry entry) {
    entry.onEnd(this::ended);
    return entries.putIfAbsent(entry.id(), entry) == null;
  }

  /** Forgets an entry whose run never started (the executor refused it). */
  public void discard(RunEntry entry) {
    entries.remove(entry.id(), entry);
  }

  public Optional<RunEntry> find(WorkOrderId id) {
    return Optional.ofNullable(entries.get(id));
  }

  public boolean contains(WorkOrderId id) {
    return entries.containsKey(id);
  }

  public List<RunEntry> all() {
    return List.copyOf(entries.values());
  }

  /**
   * The completion handle of {@code id}: its entry's, an already completed one when the stored
   * work order is terminal, or one that completes when the work order is registered and ends here
   * (e.g. a waiting work order taken up later by {@code recover()}). Empty when unknown.
   */
  public Optional<CompletableFuture<WorkOrder>> completion(WorkOrderId id, Supplier<Optional<WorkOrder>> stored) {
    RunEntry entry = entries.get(id);
    if (entry != null) {
      return Optional.of(entry.completion());
    }
    Optional<WorkOrder> order = stored.get();
    if (order.isEmpty()) {
      return Optional.empty();
    }
    if (order.get().status().isTerminal()) {
      return Optional.of(CompletableFuture.completedFuture(order.get()));
    }
    CompletableFuture<WorkOrder> later = awaited.computeIfAbsent(id, k -> new CompletableFuture<>());
    RunEntry raced = entries.get(id);
    return Optional.of(raced != null ? raced.completion() : later);
  }

  /** Marks a kept sandbox used now (a follow-up prompt), then applies the bounds. */
  public void touch(RunEntry entry) {
    kept.touch(entry.id(), entry.keptSandbox());
  }

  /**
   * Cleans up the kept sandbox of {@code id}, clears its path on the stored work order and forgets
   * the entry; false if no sandbox was kept.
   */
  public boolean release(WorkOrderId id) {
    RunEntry entry = entries.get(id);
    kept.forget(id);
    if (entry == null || !entry.ended()) {
      return false;
    }
    entries.remove(id, entry);
    Sandbox sandbox = entry.takeKeptSandbox();
    if (sandbox == null) {
      return false;
    }
    KeptSandboxes.cleanUp(workOrders, clock, id, sandbox);
    return true;
  }

  /**
   * The orchestrator is closing: cancels every run that is going on; a run parked at a gate stays
   * waiting in the repositories, its sandbox left as it is, so that {@code recover()} after a
   * restart takes both up again.
   */
  public void stopRuns() {
    for (RunEntry entry : all()) {
      if (entry.run().isParked()) {
        entry.lease().release(); // it stays waiting in the store; any orchestrator may take it up at once
      } else if (!entry.ended()) {
        entry.control().cancel();
      }
    }
  }

  /** Releases every kept sandbox (the orchestrator is closing); a failure is logged, not thrown. */
  public void releaseAll() {
    for (RunEntry entry : all()) {
      if (entry.ended()) {
        kept.releaseQuietly(entry.id());
      }
    }
  }

  private void ended(RunEntry entry) {
    if (entry.keptSandbox() == null) {
      // forgotten only after its completion handle completed, so completion() never answers early
      entry.events().then(() -> entries.remove(entry.id(), entry));
      return;
    }
    kept.keep(entry.id(), entry.keptSandbox());
  }
}
