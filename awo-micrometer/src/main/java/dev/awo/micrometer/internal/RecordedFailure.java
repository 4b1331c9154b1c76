package dev.awo.micrometer.internal;

/**
 * The error attached to the observation of a failed step or work order, so tracing marks its span
 * as an error. It carries a fixed description, never the step's error text (which may quote the
 * request or the agent's output), and no stack trace.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RecordedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordedFailure(String description) {
    super(description, null, false, false);
  }
}
