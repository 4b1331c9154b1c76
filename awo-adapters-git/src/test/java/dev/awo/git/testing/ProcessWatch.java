package dev.awo.git.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scans {@code /proc/<pid>/cmdline} of every process on the machine, over and over while it runs,
 * for a secret: proof that no process started meanwhile carried it in its argument vector. Bounded:
 * stops when closed, and after ten minutes at the latest. Skips nothing it can read; Linux only.
 */
public final class ProcessWatch implements AutoCloseable {
  private final String secret;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final AtomicInteger scans = new AtomicInteger();
  private final Thread thread;

  private ProcessWatch(String secret) {
    this.secret = secret;
    this.thread = new Thread(this::loop, "process-watch");
    thread.setDaemon(true);
  }

  /** Starts scanning for {@code secret}. */
  public static ProcessWatch start(String secret) {
    ProcessWatch watch = new ProcessWatch(secret);
    watch.thread.start();
    return watch;
  }

  /** The command lines (secret masked) seen carrying the secret. */
  public List<String> leaks() {
    return List.copyOf(leaks);
  }

  /** How many full scans of /proc were made. */
  public int scans() {
    return scans.get();
  }

  private void loop() {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (running.get() && System.nanoTime() < deadline) {
      scanOnce();
      scans.incrementAndGet();
    }
  }

  private void scanOnce() {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
      for (Path proc : procs) {
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmdline.contains(secret)) {
            leaks.add(cmdline.replace(secret, "***").replace('\0', ' '));
          }
        } catch (IOException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to scan
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
    scanOnce();
    scans.incrementAndGet();
  }
}
