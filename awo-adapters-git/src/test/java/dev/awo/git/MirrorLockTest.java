package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.git.internal.MirrorLock;
import dev.awo.spi.sandbox.SandboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorLockTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("while one thread holds a mirror lock another cannot take it, and can once it is released")
  void excludesOtherThreads() throws Exception {
    Path lockFile = tmp.resolve("locks/m.lock");
    try (MirrorLock.Held held = MirrorLock.acquire(lockFile, Duration.ofSeconds(5))) {
      CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
        try (MirrorLock.Held h = MirrorLock.acquire(lockFile, Duration.ofMillis(100))) {
          // must not get here
        }
      });
      Exception failure = assertThrows(Exception.class, () -> other.get(30, TimeUnit.SECONDS));
      assertTrue(failure.getCause() instanceof SandboxException, String.valueOf(failure.getCause()));
      try (MirrorLock.Held again = MirrorLock.acquire(lockFile, Duration.ofSeconds(1))) {
        // re-entrant for the holder
      }
    }
    CompletableFuture.runAsync(() -> {
      try (MirrorLock.Held h = MirrorLock.acquire(lockFile, Duration.ofSeconds(5))) {
        // free again
      }
    }).get(30, TimeUnit.SECONDS);
  }
}
