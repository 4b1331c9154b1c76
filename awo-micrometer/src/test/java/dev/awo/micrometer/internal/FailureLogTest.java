package dev.awo.micrometer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Failures of Micrometer calls")
class FailureLogTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final FailureLog log = new FailureLog(Duration.ofMinutes(1), nanos::get);

  @Test
  @DisplayName("are caught, and logged at most once per interval, the rest counted as unlogged")
  void rateLimited() {
    for (int i = 0; i < 100; i++) {
      assertFalse(log.attempt("stop awo.step", () -> {
        throw new IllegalStateException("registry down");
      }));
    }
    assertEquals(100, log.failures());
    assertEquals(99, log.unlogged());

    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    log.failed("stop awo.step", new IllegalStateException("still down"));
    assertEquals(0, log.unlogged(), "the next line reports and resets the unlogged count");
  }

  @Test
  @DisplayName("a call that succeeds is just run")
  void success() {
    AtomicLong ran = new AtomicLong();
    assertTrue(log.attempt("count", ran::incrementAndGet));
    assertEquals(1, ran.get());
    assertEquals(0, log.failures());
  }
}
