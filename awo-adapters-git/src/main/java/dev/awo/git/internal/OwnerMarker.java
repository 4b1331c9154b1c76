package dev.awo.git.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who created a sandbox: {@code awo-owner pid=<pid> start=<epoch millis>}, the process id and start
 * time of the JVM. A sandbox whose owner process no longer runs (no process with that pid, or one
 * that started at another time, i.e. a reused pid) was left behind by a crash and may be reclaimed.
 *
 * <p>Immutable and thread-safe.
 */
public record OwnerMarker(long pid, long startMillis) {
  private static final Pattern FORMAT = Pattern.compile("awo-owner pid=(\\d+) start=(-?\\d+)");
  private static final long START_TOLERANCE_MILLIS = 1000;
  private static final OwnerMarker CURRENT = new OwnerMarker(
      ProcessHandle.current().pid(),
      ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L));

  /** The marker of this JVM. */
  public static OwnerMarker current() {
    return CURRENT;
  }

  /** Reads a marker written by {@link #toString()}; empty for anything else. */
  public static Optional<OwnerMarker> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new OwnerMarker(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the process that wrote this marker still runs. */
  public boolean isAlive() {
    if (equals(CURRENT)) {
      return true;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    Optional<Instant> started = handle.get().info().startInstant();
    return started.isEmpty() || startMillis < 0
        || Math.abs(started.get().toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS;
  }

  @Override
  public String toString() {
    return "awo-owner pid=" + pid + " start=" + startMillis;
  }
}
