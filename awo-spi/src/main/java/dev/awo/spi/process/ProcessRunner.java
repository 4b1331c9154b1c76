package dev.awo.spi.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external programs (git, claude, gh) the one way awo allows: an argument vector, never a
 * shell; a controlled environment; standard input closed unless given; stdout and stderr read line
 * by line as they arrive, redacted, with bounded buffering; and a timeout (or an interrupt of the
 * calling thread) that kills the whole process tree, gracefully first — including processes
 * started while the kill was under way, found by a tag in their environment (Linux).
 *
 * <pre>{@code
 * ProcessResult result = ProcessRunner.create().run(
 *     ProcessSpec.builder("git", "status", "--porcelain").directory(sandbox).build());
 * if (!result.succeeded()) throw new SandboxException("git status " + result.describe());
 * }</pre>
 *
 * <p>Logs {@code process_started}, {@code process_exited}, {@code process_timed_out} and {@code
 * process_interrupted} at DEBUG/WARN with key-value pairs, secrets redacted.
 *
 * <p>This class is thread-safe; one instance can run any number of processes at once.
 */
public final class ProcessRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final File NULL_FILE = new File("/dev/null");
  private static final Duration READER_DRAIN = Duration.ofSeconds(5);
  private static final ProcessRunner INSTANCE = new ProcessRunner();

  private ProcessRunner() {}

  /** The runner; it holds no state, so one instance serves everyone. */
  public static ProcessRunner create() {
    return INSTANCE;
  }

  /**
   * Runs {@code spec} to its end and returns how it ended. A non-zero exit is a result, not an
   * exception.
   *
   * @throws ExecutableNotFoundException when the program cannot be started
   */
  public ProcessResult run(ProcessSpec spec) {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    if (spec.directory() != null) {
      builder.directory(spec.directory().toFile());
    }
    String runTag = java.util.UUID.randomUUID().toString();
    controlEnvironment(builder.environment(), spec);
    builder.environment().put(OrphanSweeper.VARIABLE, runTag);
    builder.environment().put(ProcessOwner.ENVIRONMENT_VARIABLE, ProcessOwner.current().toString());
    builder.redirectInput(spec.hasStdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(NULL_FILE));

    long startNanos = System.nanoTime();
    Process process = start(builder, spec);
    LOG.atDebug().setMessage("process_started")
        .addKeyValue("command", spec.describeCommand())
        .addKeyValue("pid", process.pid())
        .log();

    BoundedText stdout = new BoundedText(spec.maxCapturedChars());
    BoundedText stderr = new BoundedText(spec.maxCapturedChars());
    Thread outReader = startReader(process.getInputStream(), spec, stdout, spec.stdoutLines(), "out", process.pid(),
        spec.stdoutIsSecret());
    Thread errReader = startReader(process.getErrorStream(), spec, stderr, spec.stderrLines(), "err", process.pid(),
        false);
    Thread stdinWriter = spec.hasStdin() ? startStdinWriter(process, spec) : null;

    boolean timedOut = false;
    boolean interrupted = false;
    try {
      if (!process.waitFor(spec.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
        timedOut = true;
        LOG.atWarn().setMessage("process_timed_out")
            .addKeyValue("command", spec.describeCommand())
            .addKeyValue("timeout_ms", spec.timeout().toMillis())
            .log();
        killTree(process.toHandle(), spec.killGrace());
        OrphanSweeper.killTagged(runTag);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      LOG.atInfo().setMessage("process_interrupted").addKeyValue("command", spec.describeCommand()).log();
      killTree(process.toHandle(), spec.killGrace());
      OrphanSweeper.killTagged(runTag);
    }
    boolean readersDone = awaitReaders(outReader, errReader, stdinWriter);
    if (!readersDone) {
      // a grandchild that escaped the kill still holds the pipes: stop waiting for it
      closeQuietly(process.getInputStream());
      closeQuietly(process.getErrorStream());
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
    int exitCode = timedOut || interrupted ? exitCodeAfterKill(process) : process.exitValue();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.atDebug().setMessage("process_exited")
        .addKeyValue("command", spec.describeCommand())
        .addKeyValue("exit_code", exitCode)
        .addKeyValue("duration_ms", duration.toMillis())
        .log();
    return new ProcessResult(exitCode, stdout.toString(), stderr.toString(), duration, timedOut, interrupted);
  }

  /**
   * Kills every process started through a {@code ProcessRunner} of a JVM that no longer runs (its
   * {@value ProcessOwner#ENVIRONMENT_VARIABLE} names a dead {@link ProcessOwner}): the agent
   * processes and {@code git push}es a crashed host left running. Processes of live JVMs, this one
   * included, are not touched. Call it before resuming a crashed host's work. Linux only (it reads
   * {@code /proc}); elsewhere it returns 0.
   *
   * @return how many processes were killed
   */
  public int killProcessesOfDeadOwners() {
    return OrphanSweeper.killOfDeadOwners();
  }

  /**
   * Kills {@code root} and every process below it: SIGTERM to all, up to {@code grace} for them to
   * go, then SIGKILL to whatever is left. Descendants are collected before anything is signalled,
   * so children re-parented by their parent's death are still found.
   */
  public static void killTree(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root); // the root first: an agent must not see its tool's child die and act on it
    tree.addAll(root.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          handle.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
          // still alive: killed below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> alive = new ArrayList<>();
      for (ProcessHandle handle : tree) {
        if (handle.isAlive()) {
          alive.addAll(handle.descendants().toList());
          alive.add(handle);
        }
      }
      if (alive.isEmpty()) {
        return;
      }
      alive.forEach(ProcessHandle::destroyForcibly);
      tree = alive;
      for (ProcessHandle handle : alive) {
        try {
          handle.onExit().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }

  private static void controlEnvironment(Map<String, String> env, ProcessSpec spec) {
    Map<String, String> parent = System.getenv();
    env.clear();
    for (String name : spec.inherited()) {
      String value = parent.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    spec.environment().forEach((name, value) -> {
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
    });
  }

  private static Process start(ProcessBuilder builder, ProcessSpec spec) {
    String program = spec.command().get(0);
    try {
      return builder.start();
    } catch (IOException e) {
      String reason = String.valueOf(e.getMessage());
      String what = reason.contains("error=13") ? "is not executable (permission denied)"
          : reason.contains("error=2") ? "was not found" : "could not be started (" + reason + ")";
      if (spec.directory() != null && !spec.directory().toFile().isDirectory()) {
        what = "could not be started: working directory " + spec.directory() + " does not exist";
      }
      throw new ExecutableNotFoundException(program, "Program '" + program + "' " + what
          + "; check that it is installed and on the PATH given to the process", e);
    }
  }

  private static Thread startReader(
      InputStream stream, ProcessSpec spec, BoundedText capture, Consumer<String> consumer, String name, long pid,
      boolean secret) {
    Thread thread = new Thread(() -> {
      LineReader reader = new LineReader(stream, spec.maxLineChars());
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          String clean = secret ? Redactor.MASK : spec.redactor().redact(line);
          if (spec.maxCapturedChars() > 0) {
            capture.appendLine(secret ? line : clean);
          }
          try {
            consumer.accept(clean);
          } catch (RuntimeException e) {
            LOG.atWarn().setMessage("process_line_consumer_failed")
                .addKeyValue("command", spec.describeCommand())
                .addKeyValue("error", spec.redactor().redact(String.valueOf(e)))
                .log();
          }
        }
      } catch (IOException e) {
        // stream closed under us after a kill: nothing more to read
      }
    }, "awo-process-" + pid + "-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static Thread startStdinWriter(Process process, ProcessSpec spec) {
    Thread thread = new Thread(() -> {
      try (OutputStream out = process.getOutputStream()) {
        out.write(spec.stdin());
      } catch (IOException e) {
        // the process closed its stdin or died: the exit code tells the story
      }
    }, "awo-process-" + process.pid() + "-in");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static boolean awaitReaders(Thread... threads) {
    long deadline = System.nanoTime() + READER_DRAIN.toNanos();
    boolean interrupted = false;
    boolean done = true;
    for (Thread thread : threads) {
      if (thread == null) {
        continue;
      }
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      done &= !thread.isAlive();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return done;
  }

  private static int exitCodeAfterKill(Process process) {
    try {
      if (process.waitFor(2, TimeUnit.SECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException | UncheckedIOException e) {
      // nothing to do
    }
  }
}
