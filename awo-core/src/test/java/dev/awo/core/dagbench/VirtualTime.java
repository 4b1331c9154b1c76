package dev.awo.core.dagbench;

import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A virtual clock for running the real DagRunner with simulated node durations: node threads
 * sleep in virtual time, and time jumps to the next wake-up only when nothing else can happen —
 * the coordinator and every worker thread (made by {@link #threads()}, so the clock knows them)
 * are blocked, twice in a row with nothing changed in between. The runner needs no hook for this,
 * so the measured makespan is what the production scheduling policy produces, with no real waiting.
 */
final class VirtualTime {
  private record Sleeper(long wake, long seq) {}

  private final PriorityQueue<Sleeper> sleepers =
      new PriorityQueue<>((a, b) -> a.wake != b.wake ? Long.compare(a.wake, b.wake) : Long.compare(a.seq, b.seq));
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private long now;
  private long seq;

  synchronized long now() {
    return now;
  }

  /** Worker threads the clock watches. */
  ThreadFactory threads() {
    return r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      threads.add(t);
      return t;
    };
  }

  /** Runs {@code coordinator} on the calling thread while a ticker advances time when all are blocked. */
  <T> T drive(java.util.function.Supplier<T> coordinator) {
    Thread me = Thread.currentThread();
    Thread ticker = new Thread(() -> tick(me), "virtual-time");
    ticker.setDaemon(true);
    ticker.start();
    try {
      return coordinator.get();
    } finally {
      ticker.interrupt();
    }
  }

  void sleep(long duration) {
    synchronized (this) {
      Sleeper me = new Sleeper(now + duration, seq++);
      sleepers.add(me);
      while (now < me.wake) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void tick(Thread coordinator) {
    long seenSeq = -1;
    long seenNow = -1;
    while (!Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(20_000);
      synchronized (this) {
        boolean idle = !sleepers.isEmpty() && blocked(coordinator) && threads.stream().allMatch(VirtualTime::blocked);
        if (!idle) {
          seenSeq = -1;
          continue;
        }
        if (seenSeq != seq || seenNow != now) { // confirm on the next look that nothing moved meanwhile
          seenSeq = seq;
          seenNow = now;
          continue;
        }
        long wake = sleepers.peek().wake;
        while (!sleepers.isEmpty() && sleepers.peek().wake == wake) {
          sleepers.poll();
        }
        now = wake;
        seenSeq = -1;
        notifyAll();
      }
    }
  }

  private static boolean blocked(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
  }
}
