package dev.awo.temporal.crash;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.store.jdbc.JdbcSchema;
import dev.awo.temporal.TemporalWorkOrders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The measurement of the issue, kept with its command (not a unit test: no timing assertions):
 * {@code orders} work orders of the seven-step workflow, an agent sleeping {@code stepMillis} per
 * step, on 1 and on 2 activity worker JVMs each running at most {@code capacity} attempts at once
 * (as a machine runs a bounded number of agents); prints both makespans and their ratio. Then the
 * added latency per step: one work order at a time ({@code sequential} runs), Temporal (1 worker
 * JVM) against the embedded orchestrator on the same H2 repositories.
 *
 * <pre>
 * mvn -q -o -pl awo-temporal -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat awo-temporal/target/cp.txt):awo-temporal/target/classes:awo-temporal/target/test-classes" \
 *   -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.awo.temporal.crash.MakespanHarness 50 200 10 5
 * </pre>
 */
public final class MakespanHarness {
  private MakespanHarness() {}

  public static void main(String[] args) throws Exception {
    int orders = Integer.parseInt(args[0]);
    long stepMillis = Long.parseLong(args[1]);
    int capacity = Integer.parseInt(args[2]);
    int sequential = Integer.parseInt(args[3]);
    Path base = Files.createTempDirectory("awo-makespan");
    double one = makespan(base.resolve("one"), 1, orders, stepMillis, capacity);
    double two = makespan(base.resolve("two"), 2, orders, stepMillis, capacity);
    System.out.printf("makespan %d work orders x 7 steps x %d ms, capacity %d per worker: 1 worker %.2f s, "
        + "2 workers %.2f s, ratio (2/1) %.3f%n", orders, stepMillis, capacity, one, two, two / one);
    double temporal = perStepOverhead(base.resolve("seq-temporal"), true, sequential, stepMillis);
    double embedded = perStepOverhead(base.resolve("seq-embedded"), false, sequential, stepMillis);
    System.out.printf("overhead per step beyond the agent's %d ms, mean of %d runs: temporal %.1f ms, embedded %.1f ms, "
        + "added by awo-temporal %.1f ms%n", stepMillis, sequential, temporal, embedded, temporal - embedded);
  }

  private static double makespan(Path dir, int workers, int orders, long stepMillis, int capacity) throws Exception {
    try (WorkerProcesses cluster = new WorkerProcesses()) {
      TemporalWorkOrders service = service(cluster, dir);
      for (int w = 0; w < workers; w++) {
        cluster.startWorker(dir.resolve("w" + w), stepMillis, capacity);
      }
      long started = System.nanoTime();
      List<CompletableFuture<WorkOrder>> done = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        done.add(service.completion(service.submit(request())));
      }
      for (CompletableFuture<WorkOrder> d : done) {
        require(d.get(10, TimeUnit.MINUTES));
      }
      return (System.nanoTime() - started) / 1e9;
    }
  }

  private static double perStepOverhead(Path dir, boolean onTemporal, int runs, long stepMillis) throws Exception {
    try (WorkerProcesses cluster = new WorkerProcesses()) {
      TemporalWorkOrders service = service(cluster, dir);
      WorkflowOrchestrator embedded = CrashWorker.ports(cluster.jdbcUrl, dir.resolve("embedded"), stepMillis).build();
      if (onTemporal) {
        cluster.startWorker(dir.resolve("w"), stepMillis);
        require(service.completion(service.submit(request())).get(2, TimeUnit.MINUTES)); // warm-up
      } else {
        embedded.run(request());
      }
      long total = 0;
      for (int i = 0; i < runs; i++) {
        long started = System.nanoTime();
        if (onTemporal) {
          require(service.completion(service.submit(request())).get(2, TimeUnit.MINUTES));
        } else {
          WorkOrderId id = embedded.submit(request());
          require(embedded.completion(id).get(2, TimeUnit.MINUTES));
        }
        total += System.nanoTime() - started;
      }
      embedded.close();
      return (total / 1e6 / runs - 7 * stepMillis) / 7;
    }
  }

  private static TemporalWorkOrders service(WorkerProcesses cluster, Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(cluster.jdbcUrl);
    JdbcSchema.create(ds);
    return TemporalWorkOrders.create(CrashWorker.client(cluster.temporalPort),
        CrashWorker.ports(cluster.jdbcUrl, dir.resolve("client"), 0), CrashWorker.OPTIONS);
  }

  private static WorkOrderRequest request() {
    return WorkOrderRequest.builder("https://github.com/acme/widgets", "measure").workflow(CrashWorker.WORKFLOW).build();
  }

  private static void require(WorkOrder order) {
    if (order.status() != WorkOrderStatus.COMPLETED) {
      throw new IllegalStateException(order.id() + " ended " + order.status() + ": " + order.errorMessage());
    }
  }
}
