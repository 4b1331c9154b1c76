package dev.awo.temporal.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.domain.SandboxType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.store.jdbc.JdbcSchema;
import dev.awo.temporal.TemporalWorkOrders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker crash with real git: two activity-worker JVMs ({@link GitCrashWorker}) with git sandboxes,
 * a standalone Temporal test server and an H2 TCP database; the agent commits each step's work and,
 * mid-step, waits in a {@code sleep} child process; the worker holding the sandbox is SIGKILLed
 * there. The survivor kills the orphaned {@code sleep}, takes the sandbox over by the embedded
 * engine's crash-recovery rule, records the lost attempt interrupted, and goes on under the node's
 * retry policy. Each test prints a {@code FIGURES} line (steps saved, duplicates, orphans, seconds
 * from the kill to the end).
 */
@DisplayName("Worker crash with real git: kill -9 the worker holding the sandbox mid-step; the survivor takes it over")
class GitWorkerCrashTest {
  private static final String INTERRUPTED_IMPLEMENT = "interrupted: attempt 1 of implement was running when its"
      + " orchestrator stopped without recording it (a crash or kill); it runs again as attempt 2 under its retry policy";

  @TempDir Path base;

  @Test
  @DisplayName("same disk: the survivor re-attaches the sandbox; COMPLETED, each step saved once, the final commit holds every step's work")
  @Timeout(150)
  void sameDiskReattaches() throws Exception {
    Crash crash = crash(GitCrashWorker.UNPUSHED, SandboxType.GIT_BRANCH, false, List.of("implement"));

    assertCompletedWithAllWork(crash, List.of("write", "implement", "finish", "publish"), "sandbox_reattached");
  }

  @Test
  @DisplayName("lost disk, branch pushed at the recorded head: re-created from the pushed branch; COMPLETED with every step's work")
  @Timeout(150)
  void lostDiskRecreatesFromThePushedBranch() throws Exception {
    Crash crash = crash(GitCrashWorker.PUSHED, SandboxType.GIT_BRANCH, true, List.of("implement"));

    assertCompletedWithAllWork(crash, List.of("write", "share", "implement", "finish", "publish"), "sandbox_recreated");
  }

  @Test
  @DisplayName("parallel nodes in flight, one attempt each: both recorded interrupted, the work order fails as embedded does")
  @Timeout(150)
  void parallelNodesInFlightAreEachRecorded() throws Exception {
    Crash crash = crash(GitCrashWorker.PARALLEL, SandboxType.GIT_WORKTREE, false, List.of("left", "right"));

    assertEquals(WorkOrderStatus.FAILED, crash.done.status());
    assertEquals("write SUCCEEDED 1", crash.steps().get(0));
    assertEquals(List.of("left INTERRUPTED 1", "right INTERRUPTED 1"), crash.steps().subList(1, 3).stream().sorted().toList(),
        "each attempt in flight recorded interrupted, and neither run again: " + crash.steps());
    assertEquals(3, crash.history.size(), "finish never ran: " + crash.steps());
    for (StepResult r : crash.history.results().subList(1, 3)) {
      assertEquals("interrupted: attempt 1 of " + r.step() + " was running when its orchestrator stopped without"
          + " recording it (a crash or kill); its retry policy allows no further attempt (at most 1)", r.errorMessage());
    }
    assertTrue(crash.done.errorMessage().matches("step '(left|right)' failed: interrupted: attempt 1 of (left|right) was"
        + " running when its orchestrator stopped without recording it \\(a crash or kill\\); its retry policy allows no"
        + " further attempt \\(at most 1\\)"), crash.done.errorMessage());
    assertEquals(0, crash.orphansAfter, "no agent process of the killed worker outlives the take-over");
    assertEquals(0, crash.sandboxesLeft, "the failed run's sandbox is cleaned up");
  }

  /**
   * COMPLETED; {@code steps} each saved once in order, {@code implement}'s lost attempt 1 recorded
   * interrupted before its attempt 2; the survivor took the sandbox over as {@code takeOver} (its
   * git adapter's log event) says; the pushed final commit holds every step's work, one commit per
   * step; no orphan, no sandbox left.
   */
  private static void assertCompletedWithAllWork(Crash crash, List<String> steps, String takeOver) {
    assertEquals(WorkOrderStatus.COMPLETED, crash.done.status(), String.valueOf(crash.done.errorMessage()));
    List<String> expected = new java.util.ArrayList<>();
    for (String step : steps) {
      expected.addAll(step.equals("implement") ? List.of("implement INTERRUPTED 1", "implement SUCCEEDED 2")
          : List.of(step + " SUCCEEDED 1"));
    }
    assertEquals(expected, crash.steps());
    assertEquals(INTERRUPTED_IMPLEMENT, crash.history.results().get(steps.indexOf("implement")).errorMessage());
    assertTrue(crash.survivorLog.contains(takeOver), "the survivor's git adapter logged " + takeOver);
    assertEquals(0, crash.duplicates(), "a step saved more than once: " + crash.steps());
    assertEquals(crash.history.size(), crash.history.version(), "versions rose by one per result");
    String tip = GitCommands.git(crash.remote, "rev-parse", GitStepAgent.BRANCH).strip();
    assertEquals(tip, crash.done.headCommit(), "the work order's final commit is the pushed one");
    assertEquals(List.of("README.md", "finish.txt", "implement.txt", "write.txt"),
        Arrays.stream(GitCommands.git(crash.remote, "ls-tree", "-r", "--name-only", tip).split("\n")).sorted().toList(),
        "the final commit holds every step's work");
    assertEquals(List.of("finish", "implement", "write", "initial commit"),
        Arrays.asList(GitCommands.git(crash.remote, "log", "--format=%s", tip).strip().split("\n")),
        "one commit per step: none lost, none made twice");
    assertEquals(0, crash.orphansAfter, "no agent process of the killed worker outlives the take-over");
    assertEquals(0, crash.sandboxesLeft, "no sandbox is left behind after completion");
  }

  /** How a crashed work order ended, and what was measured. */
  private record Crash(WorkOrder done, StepHistory history, Path remote, long orphansBefore, long orphansAfter,
      int sandboxesLeft, Duration afterKill, String survivorLog) {
    List<String> steps() {
      return history.results().stream().map(r -> r.step() + " " + r.outcome().name() + " " + r.attempt()).toList();
    }

    long duplicates() {
      Map<String, Long> succeeded = history.results().stream().filter(StepResult::succeeded)
          .collect(Collectors.groupingBy(StepResult::step, Collectors.counting()));
      return succeeded.values().stream().mapToLong(n -> n - 1).sum()
          + history.results().size() - history.results().stream().map(r -> r.step() + "#" + r.attempt()).distinct().count();
    }
  }

  /**
   * Submits a work order of {@code workflow}, waits until the worker holding its sandbox hangs in
   * each of {@code hangs} (a {@code sleep} child each), SIGKILLs that worker (and with {@code
   * loseDisk} deletes its sandboxes), and waits for the end.
   */
  private Crash crash(String workflow, SandboxType type, boolean loseDisk, List<String> hangs) throws Exception {
    Path remote = GitCommands.bareRemote(Files.createDirectories(base.resolve("remote")));
    Path markers = Files.createDirectories(base.resolve("markers"));
    Path client = base.resolve("client");
    long holderPid = -1;
    try (WorkerProcesses cluster = new WorkerProcesses(url -> GitCrashWorker.ports(url, client, markers))) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(cluster.jdbcUrl);
      JdbcSchema.create(ds);
      Path[] disks = loseDisk ? new Path[] {base.resolve("disk-1"), base.resolve("disk-2")}
          : new Path[] {base.resolve("shared-disk"), base.resolve("shared-disk")};
      Process[] workers = new Process[2];
      for (int i = 0; i < 2; i++) {
        workers[i] = cluster.startJvm(base.resolve("worker-" + (i + 1) + ".log"),
            List.of("-Dorg.slf4j.simpleLogger.log.dev.awo.git=info"), GitCrashWorker.class, disks[i].toString(),
            markers.toString());
      }
      TemporalWorkOrders orders = TemporalWorkOrders.create(CrashWorker.client(cluster.temporalPort),
          GitCrashWorker.ports(cluster.jdbcUrl, client, markers), CrashWorker.OPTIONS);
      WorkOrderId id = orders.submit(WorkOrderRequest.builder(remote.toString(), "survive a kill -9")
          .workflow(workflow).sandboxType(type).build());

      holderPid = awaitHanging(id, markers, hangs);
      int held = workers[0].pid() == holderPid ? 0 : 1;
      assertEquals(holderPid, workers[held].pid(), "the hanging agent runs in one of the workers");
      long orphansBefore = OwnedProcesses.alive(holderPid);
      assertEquals(hangs.size(), orphansBefore, "each hanging step waits in a sleep the worker started");
      workers[held].destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no graceful completion
      long killedAt = System.nanoTime();
      assertTrue(workers[held].waitFor(20, TimeUnit.SECONDS));
      if (loseDisk) {
        deleteTree(disks[held]);
      }
      WorkOrder done;
      try {
        done = awaitEnd(orders, cluster, id);
      } catch (java.util.concurrent.TimeoutException e) {
        System.out.println("--- not ended: " + orders.workOrder(id) + "\n--- steps " + orders.stepHistory(id).results());
        CrashWorker.client(cluster.temporalPort).fetchHistory(id.value()).getEvents().forEach(ev ->
            System.out.println(ev.getEventId() + " " + ev.getEventType() + " " + (ev.hasActivityTaskScheduledEventAttributes()
                ? ev.getActivityTaskScheduledEventAttributes().getActivityType().getName() + " on "
                + ev.getActivityTaskScheduledEventAttributes().getTaskQueue().getName() : "")
                + (ev.hasActivityTaskFailedEventAttributes() ? ev.getActivityTaskFailedEventAttributes().getFailure().getMessage() : "")
                + (ev.hasActivityTaskTimedOutEventAttributes() ? ev.getActivityTaskTimedOutEventAttributes().getFailure().getMessage() : "")));
        System.out.println("--- pending " + CrashWorker.client(cluster.temporalPort).getWorkflowServiceStubs().blockingStub()
            .describeWorkflowExecution(io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default").setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                    .setWorkflowId(id.value())).build()).getPendingActivitiesList());
        for (int i = 1; i <= 2; i++) {
          System.out.println("--- worker " + i + "\n" + Files.readString(base.resolve("worker-" + i + ".log")));
        }
        throw e;
      }
      Duration afterKill = Duration.ofNanos(System.nanoTime() - killedAt);
      StepHistory history = orders.stepHistory(id);
      Path survivorDisk = disks[1 - held];
      Crash crash = new Crash(done, history, remote, orphansBefore, OwnedProcesses.alive(holderPid),
          sandboxesIn(survivorDisk), afterKill,
          Files.readString(base.resolve("worker-" + (2 - held) + ".log"), StandardCharsets.UTF_8));
      System.out.printf("FIGURES %s %s disk=%s status=%s steps_saved=%d duplicates=%d orphans_before_kill=%d"
          + " orphans_after=%d sandboxes_left=%d seconds_from_kill_to_end=%.1f%n", workflow, type.wireName(),
          loseDisk ? "lost" : "same", done.status().wireName(), history.size(), crash.duplicates(), orphansBefore,
          crash.orphansAfter, crash.sandboxesLeft, afterKill.toMillis() / 1000.0);
      assertTrue(workers[1 - held].isAlive(), "the survivor still runs");
      assertFalse(workers[held].isAlive());
      return crash;
    } finally {
      if (holderPid > 0) {
        OwnedProcesses.killAll(holderPid); // whatever the outcome, no sleep of the killed worker outlives the test
      }
    }
  }

  /**
   * Waits (at most 90 s) for the work order's end. Temporal must never retry the killed attempt
   * itself (node attempts are retried by the workflow, so a heartbeat timeout comes back to it at
   * once and moves the run): a Temporal retry would wait on the killed worker's own queue, and
   * Temporal's Java test server never ends such a retry (no schedule-to-start timeout on a retry, and
   * a retry handed to the killed worker's lingering poll never times out). Seeing one fails the test
   * at once, with that reason, rather than after the 90 s.
   */
  private static WorkOrder awaitEnd(TemporalWorkOrders orders, WorkerProcesses cluster, WorkOrderId id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        return orders.completion(id).get(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      for (var pending : CrashWorker.client(cluster.temporalPort).getWorkflowServiceStubs().blockingStub()
          .describeWorkflowExecution(io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace("default").setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                  .setWorkflowId(id.value())).build()).getPendingActivitiesList()) {
        boolean retriedAfterHeartbeatTimeout = pending.getAttempt() > 1 && pending.getLastFailure().hasTimeoutFailureInfo()
            && pending.getLastFailure().getTimeoutFailureInfo().getTimeoutType()
                == io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT;
        assertFalse(retriedAfterHeartbeatTimeout, "Temporal retried the killed attempt (attempt "
            + pending.getAttempt() + " of " + pending.getActivityType().getName() + ") on the killed worker's own queue,"
            + " where its Java test server never ends it: node attempts must not be retried by Temporal"
            + " (ActivityPlans.retryOptions)");
      }
    }
  }

  /** Waits (at most 90 s) until every step of {@code hangs} hangs in one worker; returns that worker's pid. */
  private static long awaitHanging(WorkOrderId id, Path markers, List<String> hangs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      List<Path> marks = hangs.stream().map(s -> GitStepAgent.marker(markers, id.value(), s)).toList();
      if (marks.stream().allMatch(Files::exists)) {
        List<Long> pids = marks.stream().map(GitWorkerCrashTest::pidIn).distinct().toList();
        assertEquals(1, pids.size(), "the hanging steps run in one worker: " + pids);
        if (OwnedProcesses.alive(pids.get(0)) >= hangs.size()) {
          return pids.get(0);
        }
      }
      assertTrue(System.nanoTime() < deadline, "the steps " + hangs + " never hung");
      Thread.sleep(50);
    }
  }

  private static long pidIn(Path marker) {
    try {
      return Long.parseLong(Files.readString(marker, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sandboxes (clones and worktrees) under a git sandbox factory's base directory. */
  private static int sandboxesIn(Path disk) throws IOException {
    int count = 0;
    for (String kind : List.of("branch", "worktrees")) {
      Path dir = disk.resolve(kind);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          count += (int) entries.count();
        }
      }
    }
    return count;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
