package dev.awo.testkit;

import dev.awo.core.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Sleeper} that does not sleep: it moves its {@link VirtualClock} forward by the duration
 * asked for and records it, so retry backoff is both instant and checkable.
 *
 * <pre>{@code
 * VirtualSleeper sleeper = new VirtualSleeper(clock);
 * WorkflowOrchestrator.builder().clock(clock).sleeper(sleeper)...
 * assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.sleeps());
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class VirtualSleeper implements Sleeper {
  private final VirtualClock clock;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /**
   * A sleeper advancing {@code clock}.
   *
   * @param clock the clock each sleep moves forward
   */
  public VirtualSleeper(VirtualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted before a virtual sleep of " + duration);
    }
    sleeps.add(duration);
    clock.advance(duration);
  }

  /**
   * Every sleep asked for so far, in order.
   *
   * @return an unmodifiable copy
   */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
