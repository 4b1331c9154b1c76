package dev.awo.domain;

import dev.awo.spi.Arguments;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The identity of a work order: {@code wo-} followed by eight lowercase hexadecimal digits, for
 * example {@code wo-1a2b3c4d}.
 *
 * <pre>{@code
 * WorkOrderId id = WorkOrderId.of("wo-1a2b3c4d");   // validates
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public record WorkOrderId(String value) implements Comparable<WorkOrderId> {
  private static final Pattern FORMAT = Pattern.compile("wo-[0-9a-f]{8}");

  public WorkOrderId {
    Objects.requireNonNull(value, "work order id must not be null");
    if (!FORMAT.matcher(value).matches()) {
      throw new InvalidInputException(
          "workOrderId",
          "expected 'wo-' followed by 8 lowercase hex digits (e.g. wo-1a2b3c4d), got '"
              + Arguments.excerpt(value)
              + "'");
    }
  }

  /** Parses and validates an id. */
  public static WorkOrderId of(String value) {
    return new WorkOrderId(value);
  }

  /** A random id; prefer an injected id generator where tests need determinism. */
  public static WorkOrderId random() {
    return new WorkOrderId(String.format("wo-%08x", ThreadLocalRandom.current().nextInt()));
  }

  @Override
  public int compareTo(WorkOrderId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
