package dev.awo.core;

import dev.awo.domain.WorkOrderId;
import java.security.SecureRandom;

/**
 * Makes work order ids ({@code wo-} + 8 hex digits). Injected so tests get predictable ids.
 *
 * <p>An id it returns may be taken (another orchestrator on the store drew it, or a sequence
 * started again after a restart): the orchestrator never stores a work order over another's. It
 * creates the first row only where no work order has the id ({@link
 * dev.awo.spi.persistence.WorkOrderRepository#create}) and otherwise asks for the next id, 16 times
 * at the most before it gives up with an {@link IllegalStateException}.
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
