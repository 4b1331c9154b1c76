package dev.awo.spi.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a tree kill. {@link ProcessRunner#killTree} kills the tree it can see, but a process
 * started while the tree is being killed (git starts the real ssh connection the moment its ssh
 * variant probe is killed) is re-parented when its parent dies and is no longer in anyone's tree.
 * Every run therefore carries a unique environment variable, which descendants inherit; after a
 * timeout or interrupt this sweeps {@code /proc} for processes carrying it and kills them. Linux
 * only; elsewhere it does nothing. Stateless and thread-safe.
 */
final class OrphanSweeper {
  static final String VARIABLE = "AWO_PROCESS_RUN";
  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);
  private static final Path PROC = Path.of("/proc");
  private static final int ROUNDS = 5;

  private OrphanSweeper() {}

  /** Kills every process whose environment holds {@code VARIABLE=token}; returns how many. */
  static int killTagged(String token) {
    byte[] needle = (VARIABLE + "=" + token).getBytes(StandardCharsets.UTF_8);
    return kill(environ -> contains(environ, needle));
  }

  /** Kills every process whose {@link ProcessOwner#ENVIRONMENT_VARIABLE} names a dead owner. */
  static int killOfDeadOwners() {
    byte[] prefix = (ProcessOwner.ENVIRONMENT_VARIABLE + "=").getBytes(StandardCharsets.UTF_8);
    return kill(environ -> valueOf(environ, prefix).flatMap(ProcessOwner::parse).map(o -> !o.isAlive()).orElse(false));
  }

  private static int kill(java.util.function.Predicate<byte[]> tagged) {
    if (!Files.isDirectory(PROC)) {
      return 0;
    }
    int killed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<ProcessHandle> found = tagged(tagged);
      if (found.isEmpty()) {
        break;
      }
      for (ProcessHandle handle : found) {
        handle.destroyForcibly();
        killed++;
      }
      for (ProcessHandle handle : found) {
        try {
          handle.onExit().get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return killed;
        } catch (Exception e) {
          // checked again in the next round
        }
      }
    }
    if (killed > 0) {
      LOG.atWarn().setMessage("orphan_processes_killed").addKeyValue("count", killed).log();
    }
    return killed;
  }

  private static List<ProcessHandle> tagged(java.util.function.Predicate<byte[]> tagged) {
    List<ProcessHandle> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(name);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == self || !tagged.test(read(entry.resolve("environ")))) {
          continue;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(found::add);
      }
    } catch (IOException e) {
      // /proc unreadable: nothing more can be done here
    }
    return found;
  }

  private static byte[] read(Path environ) {
    try {
      return Files.readAllBytes(environ);
    } catch (IOException | SecurityException e) {
      return new byte[0]; // gone, or another user's process
    }
  }

  /** The value of the variable whose {@code NAME=} is {@code prefix}, if the environment has it. */
  private static java.util.Optional<String> valueOf(byte[] environ, byte[] prefix) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (end - start >= prefix.length && java.util.Arrays.equals(environ, start, start + prefix.length, prefix, 0,
          prefix.length)) {
        return java.util.Optional.of(new String(environ, start + prefix.length, end - start - prefix.length,
            StandardCharsets.UTF_8));
      }
      start = end + 1;
    }
    return java.util.Optional.empty();
  }

  private static boolean contains(byte[] environ, byte[] needle) {
    outer:
    for (int start = 0; start + needle.length <= environ.length; start++) {
      if (start > 0 && environ[start - 1] != 0) {
        continue;
      }
      for (int i = 0; i < needle.length; i++) {
        if (environ[start + i] != needle[i]) {
          continue outer;
        }
      }
      if (start + needle.length == environ.length || environ[start + needle.length] == 0) {
        return true;
      }
    }
    return false;
  }
}
