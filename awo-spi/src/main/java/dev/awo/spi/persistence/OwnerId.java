package dev.awo.spi.persistence;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The identity of one orchestrator among those sharing a store: the owner named in the {@link
 * Lease}s it holds. Each orchestrator has its own (by default {@link #generate()}d when it is built),
 * so two orchestrators in one JVM are two owners, and a restarted JVM is a new owner. 1 to {@value
 * #MAX_LENGTH} characters: ASCII letters, digits, {@code '.'}, {@code '_'}, {@code '-'}.
 *
 * <pre>{@code
 * OwnerId owner = OwnerId.of("billing-host-1");   // validates
 * OwnerId fresh = OwnerId.generate();             // e.g. "web-3-48213-9f2c1a7e"
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the identity
 */
public record OwnerId(String value) {
  /** Longest owner id accepted, in characters. */
  public static final int MAX_LENGTH = 64;

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
   * A new owner id naming this host and process, unique per call: {@code <host>-<pid>-<8 random hex
   * digits>}, the host part cut to fit.
   */
  public static OwnerId generate() {
    String host = System.getenv().getOrDefault("HOSTNAME", "host").toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9.-]", "-");
    String tail = "-" + ProcessHandle.current().pid() + "-"
        + String.format("%08x", ThreadLocalRandom.current().nextInt());
    String name = host.isEmpty() ? "host" : host;
    return new OwnerId(name.substring(0, Math.min(MAX_LENGTH - tail.length(), name.length())) + tail);
  }

  private static boolean allowed(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
  }

  @Override
  public String toString() {
    return value;
  }
}
