package dev.awo.examples.crash;

import dev.awo.spi.process.ProcessOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts the live processes a JVM started through awo's process runner, by the {@value
 * ProcessOwner#ENVIRONMENT_VARIABLE} tag in their environment (Linux {@code /proc}; 0 elsewhere).
 * Stateless.
 */
final class Orphans {
  private Orphans() {}

  static int alive(long ownerPid) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return 0;
    }
    byte[] needle = (ProcessOwner.ENVIRONMENT_VARIABLE + "=awo-owner pid=" + ownerPid + " ").getBytes(StandardCharsets.UTF_8);
    int count = 0;
    try (Stream<Path> entries = Files.list(proc)) {
      for (Path entry : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          if (contains(Files.readAllBytes(entry.resolve("environ")), needle)
              && ProcessHandle.of(Long.parseLong(entry.getFileName().toString())).map(ProcessHandle::isAlive).orElse(false)) {
            count++;
          }
        } catch (IOException | SecurityException e) {
          // gone, or not ours
        }
      }
    } catch (IOException e) {
      return count;
    }
    return count;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (i > 0 && haystack[i - 1] != 0) {
        continue;
      }
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
