package dev.awo.temporal;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;

/**
 * How awo runs on Temporal; the client and every worker of one deployment must use the same
 * values (but {@code maxConcurrentAttempts}, which is per worker). Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code taskQueue}: the shared queue workflows and {@code setUp} run on (default {@code awo});
 *       each worker also polls its own {@code <taskQueue>@<host>-<uuid>} queue for the activities of
 *       the work orders whose sandbox it holds.
 *   <li>{@code heartbeatTimeout}: an agent or tool attempt heartbeats while it runs and on each agent
 *       event; a worker silent for this long is taken as lost (default 30 s).
 *   <li>{@code workerLostTimeout}: how long an activity may wait on a worker's own queue before the
 *       worker is taken as lost and the work order moves to another worker (default 60 s).
 *   <li>{@code defaultNodeTimeout}: the start-to-close limit of an attempt whose node sets no
 *       {@code timeout} (default 2 h).
 *   <li>{@code bookkeepingTimeout}: the limit of the small activities that save gates, conditions,
 *       skips and statuses (default 5 min; the save retry policy rides out outages inside it).
 *   <li>{@code maxRelocations}: how many times one work order may move to another worker after
 *       losing one (default 3); beyond that the step fails naming the lost workers.
 *   <li>{@code maxConcurrentAttempts}: per worker (it may differ between workers), how many agent or
 *       tool attempts run at once (default 200). An attempt over the limit waits on the worker,
 *       heartbeating, so that a busy worker is never mistaken for a lost one; bound agents here,
 *       not with Temporal's activity slots, which would leave tasks unstarted on the worker's queue.
 * </ul>
 *
 * @param taskQueue the shared task queue
 * @param heartbeatTimeout heartbeat timeout of node attempts
 * @param workerLostTimeout schedule-to-start timeout on a worker's own queue
 * @param defaultNodeTimeout start-to-close timeout of an attempt without a node timeout
 * @param bookkeepingTimeout start-to-close timeout of the bookkeeping activities
 * @param maxRelocations moves to another worker allowed per work order
 * @param maxConcurrentAttempts attempts running at once on one worker
 */
public record TemporalOptions(String taskQueue, Duration heartbeatTimeout, Duration workerLostTimeout,
    Duration defaultNodeTimeout, Duration bookkeepingTimeout, int maxRelocations, int maxConcurrentAttempts) {

  /** The defaults listed above. */
  public static final TemporalOptions DEFAULT = builder().build();

  public TemporalOptions {
    requireText(taskQueue, "taskQueue");
    if (taskQueue.contains("@")) {
      throw new InvalidInputException("taskQueue", "must not contain '@' (it separates a worker's own queue), got '"
          + taskQueue + "'");
    }
    requirePositive(requirePresent(heartbeatTimeout, "heartbeatTimeout"), "heartbeatTimeout");
    requirePositive(requirePresent(workerLostTimeout, "workerLostTimeout"), "workerLostTimeout");
    requirePositive(requirePresent(defaultNodeTimeout, "defaultNodeTimeout"), "defaultNodeTimeout");
    requirePositive(requirePresent(bookkeepingTimeout, "bookkeepingTimeout"), "bookkeepingTimeout");
    if (maxRelocations < 0 || maxRelocations > 100) {
      throw new InvalidInputException("maxRelocations", "must be 0..100, got " + maxRelocations);
    }
    requirePositive(maxConcurrentAttempts, "maxConcurrentAttempts");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    return builder().taskQueue(taskQueue).heartbeatTimeout(heartbeatTimeout).workerLostTimeout(workerLostTimeout)
        .defaultNodeTimeout(defaultNodeTimeout).bookkeepingTimeout(bookkeepingTimeout).maxRelocations(maxRelocations)
        .maxConcurrentAttempts(maxConcurrentAttempts);
  }

  /** Builds {@link TemporalOptions}; values are checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private String taskQueue = "awo";
    private Duration heartbeatTimeout = Duration.ofSeconds(30);
    private Duration workerLostTimeout = Duration.ofSeconds(60);
    private Duration defaultNodeTimeout = Duration.ofHours(2);
    private Duration bookkeepingTimeout = Duration.ofMinutes(5);
    private int maxRelocations = 3;
    private int maxConcurrentAttempts = 200;

    private Builder() {}

    public Builder taskQueue(String taskQueue) { this.taskQueue = taskQueue; return this; }
    public Builder heartbeatTimeout(Duration timeout) { this.heartbeatTimeout = timeout; return this; }
    public Builder workerLostTimeout(Duration timeout) { this.workerLostTimeout = timeout; return this; }
    public Builder defaultNodeTimeout(Duration timeout) { this.defaultNodeTimeout = timeout; return this; }
    public Builder bookkeepingTimeout(Duration timeout) { this.bookkeepingTimeout = timeout; return this; }
    public Builder maxRelocations(int moves) { this.maxRelocations = moves; return this; }
    public Builder maxConcurrentAttempts(int attempts) { this.maxConcurrentAttempts = attempts; return this; }

    public TemporalOptions build() {
      return new TemporalOptions(taskQueue, heartbeatTimeout, workerLostTimeout, defaultNodeTimeout,
          bookkeepingTimeout, maxRelocations, maxConcurrentAttempts);
    }
  }
}
