package dev.awo.core.internal;

import dev.awo.core.KeptSandboxLimits;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The bounds on sandboxes kept after their runs ended ({@code SandboxRetention.KEEP}), for whoever
 * keeps them (the embedded orchestrator's {@link RunRegistry}, awo-temporal's workers): each kept
 * sandbox's last use and size, and, whenever one is kept or used, the release of the least recently
 * used ones beyond {@link KeptSandboxLimits} (count, idle age, disk), skipping those in use now.
 * The keeper says what "in use" means and how a sandbox is released. Thread-safe.
 */
public final class KeptSandboxes {
  private static final Logger LOG = LoggerFactory.getLogger(KeptSandboxes.class);

  private final LinkedHashMap<WorkOrderId, Kept> kept = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
  private final Clock clock;
  private final KeptSandboxLimits limits;
  private final Predicate<WorkOrderId> inUse;
  private final Predicate<WorkOrderId> release;

  /**
   * Bounds by {@code limits}; {@code inUse} tells a sandbox a follow-up prompt works in now (never
   * released), {@code release} cleans one up and forgets it (false when nothing was kept).
   */
  public KeptSandboxes(Clock clock, KeptSandboxLimits limits, Predicate<WorkOrderId> inUse,
      Predicate<WorkOrderId> release) {
    this.clock = clock;
    this.limits = limits;
    this.inUse = inUse;
    this.release = release;
  }

  private record Kept(Instant lastUsed, long bytes) {}

  /** Notes {@code sandbox} kept for {@code id}, used now, then releases what is beyond a bound. */
  public void keep(WorkOrderId id, Sandbox sandbox) {
    long bytes = size(sandbox);
    synchronized (this) {
      kept.put(id, new Kept(clock.instant(), bytes));
    }
    enforceLimits();
  }

  /** Marks the kept sandbox of {@code id} used now (a follow-up prompt), then applies the bounds. */
  public void touch(WorkOrderId id, Sandbox sandbox) {
    long bytes = size(sandbox);
    synchronized (this) {
      if (kept.containsKey(id)) {
        kept.put(id, new Kept(clock.instant(), bytes));
      }
    }
    enforceLimits();
  }

  /** Stops counting the sandbox of {@code id} (it is being released). */
  public synchronized void forget(WorkOrderId id) {
    kept.remove(id);
  }

  /** Releases, least recently used first, every kept sandbox beyond a bound that is not in use. */
  public void enforceLimits() {
    List<WorkOrderId> evict = new ArrayList<>();
    synchronized (this) {
      long total = kept.values().stream().mapToLong(Kept::bytes).sum();
      int count = kept.size();
      Instant oldest = clock.instant().minus(limits.maxIdle());
      for (Iterator<Map.Entry<WorkOrderId, Kept>> it = kept.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<WorkOrderId, Kept> next = it.next();
        boolean over = count > limits.maxCount() || total > limits.maxBytes()
            || next.getValue().lastUsed().isBefore(oldest);
        if (!over || inUse.test(next.getKey())) {
          continue; // in use now: it goes later if it is still beyond a bound
        }
        it.remove();
        count--;
        total -= next.getValue().bytes();
        evict.add(next.getKey());
      }
    }
    evict.forEach(this::releaseQuietly);
  }

  /** Cleans up a released sandbox and clears its path on the stored work order. */
  public static void cleanUp(WorkOrderRepository workOrders, Clock clock, WorkOrderId id, Sandbox sandbox) {
    sandbox.cleanUp();
    workOrders.find(id).ifPresent(o -> workOrders.save(o.toBuilder().sandboxPath(null).updatedAt(clock.instant()).build()));
  }

  /** Releases the sandbox of {@code id}, logging (not throwing) a failure. */
  public void releaseQuietly(WorkOrderId id) {
    try {
      if (release.test(id)) {
        RunLog.at(LOG, Level.DEBUG, id.value(), "kept_sandbox_released").log();
      }
    } catch (RuntimeException e) {
      RunLog.at(LOG, Level.WARN, id.value(), "sandbox_cleanup_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
    }
  }

  private long size(Sandbox sandbox) {
    if (sandbox == null || limits.maxBytes() == Long.MAX_VALUE) {
      return 0;
    }
    Path dir = sandbox.workingDirectory();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(KeptSandboxes::sizeOf).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
