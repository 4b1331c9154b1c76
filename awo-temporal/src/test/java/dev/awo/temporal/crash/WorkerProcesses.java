package dev.awo.temporal.crash;

import dev.awo.temporal.AwoWorkers;
import io.temporal.testserver.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;

/**
 * A Temporal test server on a loopback port, an H2 TCP database on another, the workflow worker in
 * this JVM, and activity worker JVMs
 * ({@link CrashWorker}) as child processes; {@link #close()} kills every child and waits for it.
 */
final class WorkerProcesses implements AutoCloseable {
  final int temporalPort;
  final String jdbcUrl;
  private final TestServer.PortBoundTestServer temporal;
  private final Server h2;
  private final java.sql.Connection database;
  private final List<Process> workers = new ArrayList<>();
  private final io.temporal.worker.WorkerFactory workflowWorker;

  WorkerProcesses() throws Exception {
    temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    h2 = Server.createTcpServer("-tcpPort", Integer.toString(freePort())).start();
    String name = "awo-crash-" + System.nanoTime();
    database = java.sql.DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"); // the TCP server serves it
    jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:" + name;
    workflowWorker = io.temporal.worker.WorkerFactory.newInstance(CrashWorker.client(temporalPort));
    AwoWorkers.register(workflowWorker, CrashWorker.ports(jdbcUrl, Path.of(System.getProperty("java.io.tmpdir")), 0),
        CrashWorker.OPTIONS, io.temporal.worker.WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build(),
        AwoWorkers.Role.WORKFLOWS);
    workflowWorker.start();
  }

  /** Starts a worker JVM with its sandboxes under {@code dir}; returns once it polls. */
  Process startWorker(Path dir, long stepMillis) throws IOException, InterruptedException {
    return startWorker(dir, stepMillis, 200);
  }

  /** As {@link #startWorker(Path, long)}, running at most {@code capacity} activities at once. */
  Process startWorker(Path dir, long stepMillis, int capacity) throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(),
        Integer.toString(temporalPort), jdbcUrl, dir.toString(), Long.toString(stepMillis), Integer.toString(capacity))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    java.nio.file.Files.createDirectories(dir);
    java.io.Writer log = java.nio.file.Files.newBufferedWriter(dir.resolve("worker.log"));
    workers.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((line = out.readLine()) != null && !line.equals("ready")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("worker did not start in 60 s");
      }
    }
    if (line == null) {
      throw new IllegalStateException("worker exited before it was ready: " + p.waitFor());
    }
    Thread drain = new Thread(() -> {
      try {
        for (String next; (next = out.readLine()) != null; ) {
          log.write(next + "\n"); // kept for a failed run's diagnosis
          log.flush();
        }
      } catch (IOException e) {
        // the worker is gone
      }
    });
    drain.setDaemon(true);
    drain.start();
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : workers) {
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }
    workflowWorker.shutdownNow();
    temporal.close();
    database.close();
    h2.stop();
  }
}
