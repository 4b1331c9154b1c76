package dev.awo.examples.crash;

import dev.awo.domain.SandboxType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.examples.jdbc.JdbcStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Crashes a {@link CrashHost} with SIGKILL ({@link Process#destroyForcibly()}) at a trigger, restarts
 * it on the same store and work directory, and counts what the promise of durable execution says
 * must be zero: saved steps lost, steps run twice, work orders left non-terminal after the restart,
 * processes of the dead hosts still running, sandboxes left behind; and how many of the crashed work
 * orders completed after resuming. One {@link #round} per trigger; {@link Figures} adds them up.
 *
 * <pre>{@code
 * CrashHarness.Figures f = new CrashHarness(tmp, "jdbc:h2:" + tmp.resolve("store")).round("after:plan", SandboxType.GIT_BRANCH, 2);
 * }</pre>
 *
 * <p>Test code; not thread-safe.
 */
final class CrashHarness {
  /** The triggers: the seven step boundaries, then the middle of a step. */
  static final List<String> TRIGGERS = List.of("after:classify", "after:plan", "after:find_plan",
      "after:generate_branch", "after:implement", "after:commit", "after:create_pr", "inside:implement");

  private static final long TRIGGER_SECONDS = 90;
  private static final long RESTART_BOUND_SECONDS = 30;

  private final Path root;
  private final String store;
  private int rounds;

  /** {@code store}: a JDBC URL, or null for a file-backed H2 store per round under {@code root}. */
  CrashHarness(Path root, String store) {
    this.root = root;
    this.store = store;
  }

  /** What one or more rounds counted. */
  record Figures(int rounds, int workOrders, int crashed, int savedStepsChecked, int savedStepsLost,
      int stepsDuplicated, int zombies, int orphanProcesses, int orphansKilledAtRestart, int sandboxesLeft,
      int completedAfterResuming, int failedAfterResuming, List<String> failures) {

    Figures plus(Figures o) {
      List<String> all = new ArrayList<>(failures);
      all.addAll(o.failures);
      return new Figures(rounds + o.rounds, workOrders + o.workOrders, crashed + o.crashed,
          savedStepsChecked + o.savedStepsChecked, savedStepsLost + o.savedStepsLost, stepsDuplicated + o.stepsDuplicated,
          zombies + o.zombies, orphanProcesses + o.orphanProcesses, orphansKilledAtRestart + o.orphansKilledAtRestart,
          sandboxesLeft + o.sandboxesLeft, completedAfterResuming + o.completedAfterResuming,
          failedAfterResuming + o.failedAfterResuming, all);
    }

    static Figures none() {
      return new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    String describe(String label) {
      return "crash harness [" + label + "] rounds=" + rounds + " work_orders=" + workOrders + " crashed=" + crashed
          + " saved_steps_checked=" + savedStepsChecked + " saved_steps_lost=" + savedStepsLost
          + " steps_duplicated=" + stepsDuplicated + " zombies_30s_after_restart=" + zombies
          + " orphan_processes=" + orphanProcesses + " (orphans_killed_at_restart=" + orphansKilledAtRestart + ")"
          + " sandboxes_left=" + sandboxesLeft + " completed_after_resuming=" + completedAfterResuming
          + " failed_after_resuming=" + failedAfterResuming + (failures.isEmpty() ? "" : " failures=" + failures);
    }
  }

  /** One crash at {@code trigger} with {@code count} work orders running, then a restart. */
  Figures round(String trigger, SandboxType type, int count) throws Exception {
    Path dir = Files.createDirectories(root.resolve("round-" + (++rounds)));
    Path workDir = Files.createDirectories(dir.resolve("work"));
    String remote = DemoRepository.openOrCreate(workDir).remoteUrl();
    String url = store != null ? store : "jdbc:h2:" + dir.resolve("store");

    Child first = Child.start(dir.resolve("run.log"), "run", url, workDir.toString(), remote, type.wireName(),
        Integer.toString(count), trigger);
    boolean triggered = first.awaitLine(l -> l.startsWith("TRIGGERED "), TRIGGER_SECONDS);
    if (triggered && trigger.startsWith("inside:")) {
      first.awaitOrphan(10); // the agent's child process is running
    }
    first.process.destroyForcibly(); // SIGKILL
    first.process.waitFor(30, TimeUnit.SECONDS);
    List<String> runLines = first.lines();
    List<String> failures = new ArrayList<>();
    if (!triggered) {
      failures.add(trigger + ": never triggered; see " + first.log);
    }
    Set<WorkOrderId> submitted = new LinkedHashSet<>();
    List<String[]> saved = new ArrayList<>();
    for (String line : runLines) {
      String[] f = line.split(" ");
      if (f[0].equals("SUBMITTED")) {
        submitted.add(WorkOrderId.of(f[1]));
      } else if (f[0].equals("SAVED")) {
        saved.add(f);
      }
    }
    Set<WorkOrderId> crashed = new LinkedHashSet<>();
    try (JdbcStore db = JdbcStore.open(url)) {
      for (WorkOrderId id : submitted) {
        db.workOrders().find(id).filter(o -> !o.status().isTerminal()).ifPresent(o -> crashed.add(id));
      }
    }

    Child second = Child.start(dir.resolve("recover.log"), "recover", url, workDir.toString(), remote,
        type.wireName(), Long.toString(RESTART_BOUND_SECONDS));
    boolean done = second.awaitLine(l -> l.equals("DONE"), RESTART_BOUND_SECONDS + 60);
    if (!done) {
      second.process.destroyForcibly();
      failures.add(trigger + ": the restarted host did not finish; see " + second.log);
    }
    second.process.waitFor(30, TimeUnit.SECONDS);
    Map<String, String> statusAtBound = new HashMap<>();
    int killedAtRestart = 0;
    for (String line : second.lines()) {
      String[] f = line.split(" ", 4);
      if (f[0].equals("STATUS")) {
        statusAtBound.put(f[1], f[2] + (f.length > 3 && !f[3].equals("-") ? ": " + f[3] : ""));
      } else if (f[0].equals("RECOVERED")) {
        killedAtRestart = Integer.parseInt(line.replaceAll(".*orphans_killed=(\\d+).*", "$1"));
      }
    }
    int zombies = 0;
    int completed = 0;
    int failed = 0;
    for (WorkOrderId id : crashed) {
      String status = statusAtBound.getOrDefault(id.value(), "unknown");
      if (status.startsWith("completed")) {
        completed++;
      } else if (status.startsWith("failed") || status.startsWith("cancelled")) {
        failed++;
        failures.add(trigger + ": " + id + " " + status);
      } else {
        zombies++;
        failures.add(trigger + ": " + id + " still " + status + " " + RESTART_BOUND_SECONDS + " s after the restart");
      }
    }

    int lost = 0;
    int duplicated = 0;
    try (JdbcStore db = JdbcStore.open(url)) {
      for (String[] s : saved) {
        StepHistory history = db.stepHistories().find(WorkOrderId.of(s[1])).orElse(null);
        int version = Integer.parseInt(s[2]);
        if (history == null || history.size() < version || !history.results().get(version - 1).step().equals(s[3])) {
          lost++;
          failures.add(trigger + ": lost " + String.join(" ", s));
        }
      }
      for (WorkOrderId id : submitted) {
        duplicated += duplicates(db.stepHistories().find(id).orElse(StepHistory.empty(id)));
        WorkOrder order = db.workOrders().find(id).orElseThrow();
        if (!order.status().isTerminal()) {
          failures.add(trigger + ": " + id + " is " + order.status().wireName() + " in the store at the end");
        }
      }
    }
    int orphans = Orphans.alive(first.process.pid()) + Orphans.alive(second.process.pid());
    int left = entries(workDir.resolve("sandboxes").resolve("branch")) + entries(workDir.resolve("sandboxes").resolve("worktrees"));
    return new Figures(1, submitted.size(), crashed.size(), saved.size(), lost, duplicated, zombies, orphans,
        killedAtRestart, left, completed, failed, failures);
  }

  /** Steps with more than one succeeded result: work done twice. */
  private static int duplicates(StepHistory history) {
    Map<String, Integer> succeeded = new HashMap<>();
    for (StepResult r : history.results()) {
      if (r.outcome() == StepOutcome.SUCCEEDED) {
        succeeded.merge(r.step(), 1, Integer::sum);
      }
    }
    return (int) succeeded.values().stream().filter(n -> n > 1).count();
  }

  private static int entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.count();
    }
  }

  /** A {@link CrashHost} JVM, its standard output read line by line. */
  private record Child(Process process, Path log, LinkedBlockingQueue<String> queue, List<String> seen) {
    static Child start(Path log, String... args) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=" + log,
          "-cp", System.getProperty("java.class.path"), CrashHost.class.getName()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectError(log.resolveSibling(log.getFileName() + ".err").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      Child child = new Child(process, log, new LinkedBlockingQueue<>(), Collections.synchronizedList(new ArrayList<>()));
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            child.seen.add(line);
            child.queue.add(line);
          }
        } catch (IOException e) {
          // the process was killed
        }
      }, "crash-harness-reader");
      reader.setDaemon(true);
      reader.start();
      return child;
    }

    boolean awaitLine(java.util.function.Predicate<String> wanted, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String line = queue.poll(200, TimeUnit.MILLISECONDS);
        if (line != null && wanted.test(line)) {
          return true;
        }
        if (line == null && !process.isAlive() && queue.isEmpty()) {
          return false;
        }
      }
      return false;
    }

    void awaitOrphan(long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline && Orphans.alive(process.pid()) == 0) {
        Thread.sleep(50);
      }
    }

    List<String> lines() throws InterruptedException {
      Thread.sleep(100); // the reader drains what the pipe still holds
      synchronized (seen) {
        return List.copyOf(seen);
      }
    }
  }
}
