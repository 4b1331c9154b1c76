package dev.awo.git.internal;

import dev.awo.spi.sandbox.SandboxException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one mirror, across threads and across JVMs: a JVM-wide {@link ReentrantLock}
 * per lock file (file locks are held per JVM, so threads must queue in-process first), then an OS
 * file lock ({@link FileChannel#lock}) on the lock file, which other processes respect. The lock
 * file is kept after release: deleting it would let two processes lock different inodes.
 *
 * <pre>{@code
 * try (MirrorLock.Held held = MirrorLock.acquire(lockFile, Duration.ofMinutes(5))) { ... }
 * }</pre>
 *
 * <p>Thread-safe. Re-entrant for the holding thread.
 */
public final class MirrorLock {
  private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 25;

  private MirrorLock() {}

  /** A held lock; closing releases it. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** Waits up to {@code timeout} for the lock on {@code lockFile}. */
  public static Held acquire(Path lockFile, Duration timeout) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw timedOut(key, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting for the mirror lock " + key, e);
    }
    if (local.getHoldCount() > 1) {
      return local::unlock;
    }
    try {
      Files.createDirectories(key.getParent());
      FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = lockFile(channel, key, timeout, deadline);
      return () -> {
        try {
          fileLock.release();
          channel.close();
        } catch (IOException e) {
          // closing the channel releases the lock in any case
        } finally {
          local.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      local.unlock();
      if (e instanceof SandboxException) {
        throw (SandboxException) e;
      }
      throw new SandboxException("could not lock the mirror lock file " + key + ": " + e.getMessage(), e);
    }
  }

  private static FileLock lockFile(FileChannel channel, Path key, Duration timeout, long deadline) throws IOException {
    try {
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
        if (System.nanoTime() > deadline) {
          throw timedOut(key, timeout);
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting for the mirror lock " + key, e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static SandboxException timedOut(Path key, Duration timeout) {
    return new SandboxException("another work order held the mirror lock " + key + " for longer than "
        + timeout + "; raise lockTimeout or look for a stuck git process");
  }
}
