package dev.awo.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node worker threads: the host's {@link ThreadFactory} (e.g. virtual threads on Java 21+), each
 * thread named after its work order. Thread-safe.
 */
public final class NodeThreads {
  private NodeThreads() {}

  /** Daemon platform threads: the default when the host gives no thread factory. */
  public static ThreadFactory daemons() {
    return r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    };
  }

  /** Threads from {@code factory}, named {@code prefix1}, {@code prefix2}, ... */
  public static ThreadFactory named(ThreadFactory factory, String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = factory.newThread(r);
      t.setName(prefix + n.incrementAndGet());
      return t;
    };
  }
}
