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
    this(url -> CrashWorker.ports(url, Path.of(System.getProperty("java.io.tmpdir")), 0));
  }

  /** With a workflow worker whose workflows come from {@code workflowPorts(jdbcUrl)}. */
  WorkerProcesses(java.util.function.Function<String, dev.awo.core.WorkflowOrchestratorBuilder> workflowPorts)
      throws Exception {
    temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    h2 = Server.createTcpServer("-tcpPort", Integer.toString(freePort())).start();
    String name = "awo-crash-" + System.nanoTime();
    database = java.sql.DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"); // the TCP server serves it
    jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:" + name;
    workflowWorker = io.temporal.worker.WorkerFactory.newInstance(CrashWorker.client(temporalPort));
    AwoWorkers.register(workflowWorker, workflowPorts.apply(jdbcUrl),
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
    java.nio.file.Files.createDirectories(dir);
    return startJvm(dir.resolve("worker.log"), List.of(), CrashWorker.class, dir.toString(), Long.toString(stepMillis),
        Integer.toString(capacity));
  }

  /**
   * Starts {@code main} in a JVM of its own with this JVM's class path, {@code properties} (e.g.
   * {@code -D} log levels) and the arguments {@code <temporal port> <jdbc url> args...}; its output
   * goes to {@code log}. Returns once it printed {@code ready}.
   */
  Process startJvm(Path log, List<String> properties, Class<?> main, String... args) throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    command.addAll(properties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), Integer.toString(temporalPort),
        jdbcUrl));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    workers.add(p);
    java.io.Writer out = java.nio.file.Files.newBufferedWriter(log);
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    java.util.concurrent.CompletableFuture<Boolean> ready = new java.util.concurrent.CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try {
        for (String next; (next = in.readLine()) != null; ) {
          if (next.equals("ready")) {
            ready.complete(true);
          }
          out.write(next + "\n"); // kept for a failed run's diagnosis
          out.flush();
        }
      } catch (IOException e) {
        // the worker is gone
      } finally {
        ready.complete(false);
      }
    }, "drain-" + main.getSimpleName());
    drain.setDaemon(true);
    drain.start();
    boolean started;
    try {
      started = ready.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      started = false;
    }
    if (!started) {
      throw new IllegalStateException(main.getSimpleName() + " was not ready within 60 s (alive: " + p.isAlive()
          + "); its output is in " + log);
    }
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
