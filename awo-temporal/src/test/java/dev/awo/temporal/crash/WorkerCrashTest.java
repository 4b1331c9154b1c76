package dev.awo.temporal.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.store.jdbc.JdbcSchema;
import dev.awo.temporal.TemporalWorkOrders;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Worker crash: two worker JVMs on a standalone Temporal server; kill -9 the one mid-step, the other takes it up")
class WorkerCrashTest {
  @TempDir Path base;

  @Test
  @DisplayName("the surviving worker cannot recover the lost, never-pushed sandbox: the work order fails with the reason,"
      + " the saved steps kept once, the lost attempt recorded interrupted, no later step run")
  @Timeout(180)
  void killMidStep() throws Exception {
    try (WorkerProcesses cluster = new WorkerProcesses()) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(cluster.jdbcUrl);
      JdbcSchema.create(ds);
      Path one = base.resolve("worker-1");
      Path two = base.resolve("worker-2");
      Process first = cluster.startWorker(one, 1500);
      Process second = cluster.startWorker(two, 1500);
      TemporalWorkOrders orders = TemporalWorkOrders.create(CrashWorker.client(cluster.temporalPort),
          CrashWorker.ports(cluster.jdbcUrl, base.resolve("client"), 0), CrashWorker.OPTIONS);

      WorkOrderId id = orders.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "crash me")
          .workflow(CrashWorker.WORKFLOW).build());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // mid-step 3: two steps saved and the third one's attempt begun (it takes 1.5 s)
      while (orders.stepHistory(id).size() < 2 || !"s3".equals(orders.workOrder(id).orElseThrow().currentStep())) {
        assertTrue(System.nanoTime() < deadline, "step s3 never began");
        Thread.sleep(50);
      }
      WorkOrder midStep = orders.workOrder(id).orElseThrow();
      assertNotNull(midStep.sandboxPath());
      Process holder = Path.of(midStep.sandboxPath()).startsWith(one) ? first : second;
      Process survivor = holder == first ? second : first;
      holder.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no graceful completion
      assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
      assertFalse(holder.isAlive());

      WorkOrder done;
      try {
        done = orders.completion(id).get(40, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        System.out.println(CrashWorker.client(cluster.temporalPort).fetchHistory(id.value()).toJson(true));
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(survivor.pid()), "Thread.print").redirectErrorStream(true).start();
        System.out.println("--- survivor threads\n" + new String(jcmd.getInputStream().readAllBytes()));
        for (Path dir : List.of(one, two)) {
          System.out.println("--- " + dir + "\n" + java.nio.file.Files.readString(dir.resolve("worker.log")));
        }
        throw e;
      }

      // the fake sandboxes live on the dead worker's disk and nothing was pushed: the recovery rule
      // of the embedded engine fails the work order rather than go on in a fresh, empty sandbox
      assertEquals(WorkOrderStatus.FAILED, done.status(), "a work order must not complete without its work");
      assertTrue(done.errorMessage().contains("the sandbox was lost in a crash at step s3; its changes had not been pushed"),
          done.errorMessage());
      StepHistory history = orders.stepHistory(id);
      assertEquals(List.of("s1", "s2"), history.results().stream().filter(StepResult::succeeded)
          .map(StepResult::step).toList(), "the saved steps kept, each exactly once, and no later step run");
      StepResult lost = history.results().get(history.size() - 1);
      assertEquals("s3 INTERRUPTED 1", lost.step() + " " + lost.outcome() + " " + lost.attempt(),
          "the attempt in flight on the killed worker is recorded, as the embedded engine records it: " + history.results());
      assertEquals("interrupted: attempt 1 of s3 was running when its orchestrator stopped without recording it"
          + " (a crash or kill); its retry policy allows no further attempt (at most 1)", lost.errorMessage());
      assertEquals(3, history.size(), "nothing else saved: " + history.results());
      assertTrue(survivor.isAlive());
    }
  }
}
