package dev.awo.git.internal;

import dev.awo.spi.process.ProcessOwner;
import java.util.Optional;

/**
 * Who created a sandbox: {@code awo-owner pid=<pid> start=<epoch millis>}, the {@link ProcessOwner}
 * of the JVM. A sandbox whose owner process no longer runs (no process with that pid, or one that
 * started at another time, i.e. a reused pid) was left behind by a crash and may be reclaimed or,
 * by recovery, taken over.
 *
 * <p>Immutable and thread-safe.
 */
public record OwnerMarker(ProcessOwner owner) {

  /** The marker of this JVM. */
  public static OwnerMarker current() {
    return new OwnerMarker(ProcessOwner.current());
  }

  /** Reads a marker written by {@link #toString()}; empty for anything else. */
  public static Optional<OwnerMarker> parse(String text) {
    return ProcessOwner.parse(text).map(OwnerMarker::new);
  }

  /** Whether the process that wrote this marker still runs. */
  public boolean isAlive() {
    return owner.isAlive();
  }

  /** Whether this JVM wrote it. */
  public boolean isCurrent() {
    return owner.equals(ProcessOwner.current());
  }

  @Override
  public String toString() {
    return owner.toString();
  }
}
