package dev.awo.testkit.contract;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs writes 20 ms later on a daemon thread: what a store that acknowledges too early does. */
final class LateWriter implements AutoCloseable {
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "late-writer");
    t.setDaemon(true);
    return t;
  });

  void later(Runnable write) {
    writer.schedule(write, 20, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
