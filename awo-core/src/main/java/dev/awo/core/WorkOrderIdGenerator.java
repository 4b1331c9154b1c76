package dev.awo.core;

import dev.awo.domain.WorkOrderId;
import java.security.SecureRandom;

/**
 * Makes work order ids ({@code wo-} + 8 hex digits). Injected so tests get predictable ids.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WorkOrderIdGenerator {

  WorkOrderId next();

  /** Random ids from a {@link SecureRandom}. */
  static WorkOrderIdGenerator random() {
    SecureRandom random = new SecureRandom();
    return () -> WorkOrderId.of(String.format("wo-%08x", random.nextInt()));
  }

  /** {@code wo-00000001}, {@code wo-00000002}, ... — for tests. */
  static WorkOrderIdGenerator sequential() {
    java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
    return () -> WorkOrderId.of(String.format("wo-%08x", counter.incrementAndGet()));
  }
}
