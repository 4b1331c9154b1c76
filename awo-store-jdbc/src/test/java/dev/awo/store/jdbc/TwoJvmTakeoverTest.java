package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proof of shared ownership: two JVMs ({@link TakeoverHost}) on one PostgreSQL store, 25 work
 * orders submitted by each; one is killed with SIGKILL while its work orders run; the survivor must
 * complete all 50 within lease timeout + run time, every step saved exactly once. Prints the figures.
 * Skipped without PostgreSQL, failed instead when {@code AWO_REQUIRE_POSTGRES=1}.
 */
@DisplayName("Two JVMs on one PostgreSQL store: the survivor of a SIGKILL completes every work order")
class TwoJvmTakeoverTest {
  private static final int WORK_ORDERS = 50;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(120)
  void survivorCompletesAll() throws Exception {
    String url = TestDatabases.freshPostgresSchemaUrl();
    try (com.zaxxer.hikari.HikariDataSource pool = TestDatabases.hikari(url, 2)) {
      JdbcSchema.create(pool);
    }
    try {
      Process victim = start(url, "victim", 0, 25);
      Process survivor = start(url, "survivor", 25, 50);
      awaitLine(victim, "SUBMITTED");
      awaitLine(survivor, "SUBMITTED");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (count(url, "SELECT COUNT(*) FROM awo_step_results r JOIN awo_work_orders w ON w.id = r.work_order_id "
          + "WHERE w.lease_owner = 'victim'") < 20 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no lease released
      long killedAt = System.nanoTime();
      assertTrue(victim.waitFor(10, TimeUnit.SECONDS), "the victim JVM did not die");
      long victimUnfinished = count(url, "SELECT COUNT(*) FROM awo_work_orders WHERE lease_owner = 'victim' "
          + "AND status NOT IN ('completed', 'failed', 'cancelled')");
      long victimSteps = count(url, "SELECT COUNT(*) FROM awo_step_results r JOIN awo_work_orders w "
          + "ON w.id = r.work_order_id WHERE w.lease_owner = 'victim'");
      long bound = TakeoverHost.LEASE_TIMEOUT.toMillis() + 30_000;
      long completed = 0;
      while (System.nanoTime() - killedAt < TimeUnit.MILLISECONDS.toNanos(bound)) {
        completed = count(url, "SELECT COUNT(*) FROM awo_work_orders WHERE status = 'completed'");
        if (completed == WORK_ORDERS) {
          break;
        }
        Thread.sleep(50);
      }
      long afterKillMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      long duplicated = count(url, "SELECT COUNT(*) FROM (SELECT work_order_id, step FROM awo_step_results "
          + "WHERE outcome = 'SUCCEEDED' GROUP BY work_order_id, step HAVING COUNT(*) > 1) d");
      long steps = count(url, "SELECT COUNT(*) FROM awo_step_results WHERE outcome = 'SUCCEEDED'");
      long interrupted = count(url, "SELECT COUNT(*) FROM awo_step_results WHERE outcome = 'INTERRUPTED'");
      long other = count(url, "SELECT COUNT(*) FROM awo_step_results WHERE outcome NOT IN ('SUCCEEDED', 'INTERRUPTED')");
      long takenOver = count(url, "SELECT COUNT(*) FROM awo_work_orders WHERE lease_version > 1");
      System.out.printf("two-JVM takeover: %d work orders, victim killed after %d of its steps were saved with %d of its "
              + "work orders unfinished; %d taken over by the survivor; all %d completed %d ms after the kill "
              + "(lease timeout %d ms); succeeded steps saved %d (expected %d), saved twice %d; attempts recorded "
              + "interrupted by the kill %d; other outcomes %d%n",
          WORK_ORDERS, victimSteps, victimUnfinished, takenOver, completed, afterKillMs,
          TakeoverHost.LEASE_TIMEOUT.toMillis(), steps, WORK_ORDERS * TakeoverHost.STEPS.size(), duplicated,
          interrupted, other);
      assertTrue(victimUnfinished > 0, "the victim had finished its work before it was killed; nothing was proved");
      assertEquals(WORK_ORDERS, completed, "work orders completed within lease timeout + 30 s of the kill");
      assertEquals(0, duplicated, "steps saved more than once");
      assertEquals(WORK_ORDERS * TakeoverHost.STEPS.size(), steps, "succeeded steps saved");
      assertEquals(0, other, "step results that are neither succeeded nor interrupted");
      assertTrue(interrupted <= victimUnfinished, "interrupted attempts " + interrupted + " > work orders in flight "
          + victimUnfinished);
      assertTrue(survivor.isAlive(), "the survivor JVM died");
    } finally {
      killChildren();
      TestDatabases.dropPostgresSchema(url);
    }
  }

  private Process start(String url, String owner, int from, int to) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", TakeoverHost.class.getName(), url, owner,
        Integer.toString(from), Integer.toString(to)).redirectErrorStream(true).start();
    children.add(p);
    return p;
  }

  private static void awaitLine(Process p, String prefix) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      if (line.startsWith(prefix)) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain");
        drain.setDaemon(true);
        drain.start();
        return;
      }
      seen.add(line);
    }
    throw new AssertionError("the child JVM never printed " + prefix + "; it printed: " + seen);
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
