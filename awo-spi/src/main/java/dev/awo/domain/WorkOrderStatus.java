package dev.awo.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lifecycle of a work order. {@link #isTerminal()} tells whether it can still change. */
public enum WorkOrderStatus {
  /** Accepted, not yet started. */
  PENDING,
  /** A step is running or about to. */
  RUNNING,
  /** Paused at a human gate until someone approves or rejects. */
  WAITING,
  /** Every step succeeded. */
  COMPLETED,
  /** A step failed, or something around the steps did. */
  FAILED,
  /** Cancelled by a caller. */
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The name used in JSON and query strings, e.g. {@code running}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name such as {@code completed}. */
  public static WorkOrderStatus fromWireName(String name) {
    for (WorkOrderStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new InvalidInputException(
        "status",
        "unknown status '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(WorkOrderStatus::wireName).collect(Collectors.joining(", ")));
  }
}
