package dev.awo.core;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;

/**
 * Bounds on the sandboxes kept after their work orders ended ({@link SandboxRetention#KEEP}), so a
 * long-running host does not fill its disk: at most {@code maxCount} sandboxes, none unused for
 * longer than {@code maxIdle}, together at most {@code maxBytes} on disk. Whenever a work order
 * ends or a follow-up prompt is sent, the least recently used sandboxes beyond a bound are cleaned
 * up; a prompt to a work order whose sandbox was cleaned up is refused with a {@link
 * WorkOrderStateException} that says so.
 *
 * <pre>{@code
 * builder.sandboxRetention(SandboxRetention.KEEP)
 *     .keptSandboxLimits(new KeptSandboxLimits(10, Duration.ofHours(4), 5L << 30)); // 10, 4 h, 5 GiB
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param maxCount how many sandboxes may be kept at once, 1 or more
 * @param maxIdle how long a kept sandbox may go unused, positive
 * @param maxBytes how many bytes the kept sandboxes may take together, positive ({@link
 *     Long#MAX_VALUE}: not measured)
 */
public record KeptSandboxLimits(int maxCount, Duration maxIdle, long maxBytes) {
  /** 100 sandboxes, 24 hours idle, disk not measured. */
  public static final KeptSandboxLimits DEFAULT = new KeptSandboxLimits(100, Duration.ofHours(24), Long.MAX_VALUE);

  public KeptSandboxLimits {
    if (maxCount < 1) {
      throw new InvalidInputException("maxCount", "must be 1 or more, got " + maxCount);
    }
    if (maxIdle == null || maxIdle.isNegative() || maxIdle.isZero()) {
      throw new InvalidInputException("maxIdle", "must be a positive duration, got " + maxIdle);
    }
    if (maxBytes < 1) {
      throw new InvalidInputException("maxBytes", "must be positive, got " + maxBytes);
    }
  }
}
