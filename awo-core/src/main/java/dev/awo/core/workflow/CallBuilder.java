package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;

import java.time.Duration;

/**
 * What the builders of agent and tool calls share: the retry policy, the timeout of each attempt
 * and the failure mode. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class CallBuilder<B extends CallBuilder<B>> {
  RetryPolicy retry = RetryPolicy.NONE;
  Duration timeout;
  FailureMode onFailure = FailureMode.FAIL;

  abstract B self();

  /** How failed attempts are retried; {@link RetryPolicy#NONE} by default. */
  public B retry(RetryPolicy retry) {
    this.retry = requirePresent(retry, "retry");
    return self();
  }

  /** The time limit of each attempt. */
  public B timeout(Duration timeout) {
    this.timeout = requirePositive(timeout, "timeout");
    return self();
  }

  /** What the node's final failure does to the run; {@link FailureMode#FAIL} by default. */
  public B onFailure(FailureMode onFailure) {
    this.onFailure = requirePresent(onFailure, "onFailure");
    return self();
  }
}
