package dev.awo.core.dagbench;

import dev.awo.core.internal.DagRunner;
import java.util.PriorityQueue;

/**
 * A virtual clock for running the real DagRunner with simulated node durations: node threads
 * sleep in virtual time, and time jumps to the next wake-up only when the coordinator has started
 * everything it can (it reports so through {@link DagRunner.Probe}) and every running node is asleep.
 * So the measured makespan is exactly what the scheduling policy produces, with no real waiting.
 */
final class VirtualTime implements DagRunner.Probe {
  private record Sleeper(long wake, long seq) {}

  private final PriorityQueue<Sleeper> sleepers =
      new PriorityQueue<>((a, b) -> a.wake != b.wake ? Long.compare(a.wake, b.wake) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private int outstanding = -1;

  synchronized long now() {
    return now;
  }

  void sleep(long duration) {
    synchronized (this) {
      Sleeper me = new Sleeper(now + duration, seq++);
      sleepers.add(me);
      advanceIfIdle();
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

  @Override
  public synchronized void quiescent(int outstanding) {
    this.outstanding = outstanding;
    advanceIfIdle();
  }

  @Override
  public synchronized void busy() {
    outstanding = -1;
  }

  private void advanceIfIdle() {
    if (outstanding > 0 && sleepers.size() == outstanding) {
      long wake = sleepers.peek().wake;
      while (!sleepers.isEmpty() && sleepers.peek().wake == wake) {
        sleepers.poll();
      }
      now = wake;
      notifyAll();
    }
  }
}
