package dev.awo.spi.persistence;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import dev.awo.spi.process.ProcessOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of one orchestrator among those sharing a store: the owner named in the {@link
 * Lease}s it holds. Each orchestrator has its own (by default {@link #generate()}d when it is built),
 * so two orchestrators in one JVM are two owners, and a restarted JVM is a new owner. 1 to {@value
 * #MAX_LENGTH} characters: ASCII letters, digits, {@code '.'}, {@code '_'}, {@code '-'}.
 *
 * <pre>{@code
 * OwnerId owner = OwnerId.of("billing-host-1");   // validates
 * OwnerId fresh = OwnerId.generate();             // e.g. "web-3-m1a2b3c4d-p48213-slq2x9k3c-9f2c1a"
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the identity
 */
public record OwnerId(String value) {
  /** Longest owner id accepted, in characters. */
  public static final int MAX_LENGTH = 64;

  private static final String HOST = System.getenv().getOrDefault("HOSTNAME", "host").toLowerCase(Locale.ROOT)
      .replaceAll("[^a-z0-9.-]", "-");
  private static final String MACHINE = machineTag();
  private static final Pattern GENERATED = Pattern.compile("-m([0-9a-f]{8})-p(\\d+)-s([0-9a-z]+)-[0-9a-f]{6}$");

  public OwnerId {
    Arguments.requirePresent(value, "ownerId");
    if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(OwnerId::allowed)) {
      throw new InvalidInputException("ownerId", "expected 1 to " + MAX_LENGTH
          + " ASCII letters, digits, '.', '_' or '-', got '" + Arguments.excerpt(value) + "'");
    }
  }

  /** Parses and validates an owner id. */
  public static OwnerId of(String value) {
    return new OwnerId(value);
  }

  /**
   * A new owner id for this JVM, unique per call: {@link #forProcess forProcess(ProcessOwner.current())}.
   */
  public static OwnerId generate() {
    return forProcess(ProcessOwner.current());
  }

  /**
   * A new owner id for {@code process} on this machine: {@code <host>-m<machine>-p<pid>-s<start>-<random>}
   * (host cut to fit, machine = a hash of the host name and, on Linux, the boot id), so that {@link
   * #isLocalAndDead()} can later tell that its process died.
   */
  public static OwnerId forProcess(ProcessOwner process) {
    Arguments.requirePresent(process, "process");
    String host = HOST.isEmpty() ? "host" : HOST;
    String tail = "-m" + MACHINE + "-p" + process.pid() + "-s" + Long.toString(Math.max(0, process.startMillis()), 36)
        + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    return new OwnerId(host.substring(0, Math.min(MAX_LENGTH - tail.length(), host.length())) + tail);
  }

  /**
   * True when this id was made by {@link #forProcess} on this machine for a process that no longer
   * runs (its pid is gone, or taken by a process that started at another time): its leases can be
   * taken over at once instead of after their timeout. False for ids a host chose, ids of other
   * machines, and live processes.
   */
  public boolean isLocalAndDead() {
    Matcher m = GENERATED.matcher(value);
    if (!m.find() || !m.group(1).equals(MACHINE)) {
      return false;
    }
    try {
      long start = Long.parseLong(m.group(3), 36);
      return !new ProcessOwner(Long.parseLong(m.group(2)), start == 0 ? -1 : start).isAlive();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String machineTag() {
    String boot = "";
    try {
      boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    } catch (IOException | RuntimeException e) {
      // not Linux: the host name alone
    }
    return String.format("%08x", (HOST + "/" + boot).hashCode());
  }

  private static boolean allowed(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
  }

  @Override
  public String toString() {
    return value;
  }
}
