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
    if (!Files.isDirectory(PROC)) {
      return 0;
    }
    byte[] needle = (VARIABLE + "=" + token).getBytes(StandardCharsets.UTF_8);
    int killed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<ProcessHandle> tagged = tagged(needle);
      if (tagged.isEmpty()) {
        break;
      }
      for (ProcessHandle handle : tagged) {
        handle.destroyForcibly();
        killed++;
      }
      for (ProcessHandle handle : tagged) {
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

  private static List<ProcessHandle> tagged(byte[] needle) {
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
        if (pid == self || !contains(read(entry.resolve("environ")), needle)) {
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
