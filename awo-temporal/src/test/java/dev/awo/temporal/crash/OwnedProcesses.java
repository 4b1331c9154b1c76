package dev.awo.temporal.crash;

import dev.awo.spi.process.ProcessOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the live processes that a JVM started through awo's process runner: those whose
 * environment ({@code /proc/<pid>/environ}, Linux) carries {@value ProcessOwner#ENVIRONMENT_VARIABLE}
 * naming that JVM's pid. Stateless.
 */
final class OwnedProcesses {
  private OwnedProcesses() {}

  /** How many processes started by the JVM {@code ownerPid} are alive; 0 without {@code /proc}. */
  static long alive(long ownerPid) {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .filter(p -> ownerOf(p.pid()) == ownerPid).count();
  }

  /** Kills (SIGKILL) the live processes started by the JVM {@code ownerPid}: a test's clean-up. */
  static void killAll(long ownerPid) {
    ProcessHandle.allProcesses().filter(p -> ownerOf(p.pid()) == ownerPid).forEach(ProcessHandle::destroyForcibly);
  }

  /** The pid of the JVM that started {@code pid} through awo's process runner, or -1. */
  private static long ownerOf(long pid) {
    byte[] environment;
    try {
      environment = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException | SecurityException e) {
      return -1; // gone, not ours, or no /proc
    }
    String prefix = ProcessOwner.ENVIRONMENT_VARIABLE + "=";
    for (String variable : new String(environment, StandardCharsets.UTF_8).split("\0")) {
      if (variable.startsWith(prefix)) {
        return ProcessOwner.parse(variable.substring(prefix.length())).map(ProcessOwner::pid).orElse(-1L);
      }
    }
    return -1;
  }
}
