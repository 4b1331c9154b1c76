package dev.awo.spi.process;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM that owns sandboxes and processes: its process id and start time, written as {@code
 * awo-owner pid=<pid> start=<epoch millis>}. The start time tells a dead owner from a new process
 * that reuses its pid. Sandbox markers and the {@value #ENVIRONMENT_VARIABLE} variable of every
 * process {@link ProcessRunner} starts carry it, so that what a crashed JVM left behind can be
 * found and reclaimed.
 *
 * <pre>{@code
 * ProcessOwner.parse(markerText).filter(owner -> !owner.isAlive()).ifPresent(dead -> reclaim());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param pid the process id
 * @param startMillis when the process started, in epoch milliseconds, or -1 when unknown
 */
public record ProcessOwner(long pid, long startMillis) {
  /** The environment variable naming the owner JVM of every process {@link ProcessRunner} starts. */
  public static final String ENVIRONMENT_VARIABLE = "AWO_PROCESS_OWNER";

  private static final Pattern FORMAT = Pattern.compile("awo-owner pid=(\\d+) start=(-?\\d+)");
  private static final long START_TOLERANCE_MILLIS = 1000;
  private static final ProcessOwner CURRENT = new ProcessOwner(
      ProcessHandle.current().pid(),
      ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L));

  /** This JVM. */
  public static ProcessOwner current() {
    return CURRENT;
  }

  /** Reads an owner written by {@link #toString()}; empty for anything else. */
  public static Optional<ProcessOwner> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProcessOwner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this owner still runs: this JVM, or a live process with that pid that started then. */
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
