package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.StoreUnavailableException;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.testkit.InMemorySandboxFactory;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.h2.tools.Server;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real database outage in the middle of running work orders: the server is stopped for 30 s
 * ({@code -Dawo.test.outageSeconds} changes it) while six work orders are between steps and in
 * them, then started again on the same port. Every one must complete after it comes back, each
 * step run and saved exactly once, with the store and the listeners agreeing. On H2 (a TCP server
 * in this JVM, always) and on PostgreSQL (the throwaway server of {@code src/test/pg/start-postgres.sh},
 * stopped with its {@code AWO_TEST_PG_STOP} command and restarted with {@code pg_ctl restart}; skipped
 * without it unless {@code AWO_REQUIRE_POSTGRES=1}). And an outage longer than a short retry
 * budget: the runs stop, and once the database is back the store and the listeners agree on every
 * work order's state.
 */
@DisplayName("A 30 s database outage mid-run: every work order completes once the database is back, nothing lost, nothing duplicated")
class DatabaseOutageTest {
  private static final int WORK_ORDERS = 6;
  private static final Duration STEP = Duration.ofMillis(800);
  private static final List<String> STEPS = List.of("classify", "implement", "commit");
  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("awo.test.outageSeconds", 30));

  @TempDir Path base;

  /** A database server the test can stop and start again on the same address. */
  private interface Database extends AutoCloseable {
    String url();

    void stop() throws Exception;

    void start() throws Exception;

    @Override
    void close() throws Exception;
  }

  @Test
  @Timeout(180)
  @DisplayName("on H2 (TCP server stopped and restarted on the same port)")
  void h2() throws Exception {
    try (Database db = new H2Server(base.resolve("h2"))) {
      survivesOutage(db);
    }
  }

  @Test
  @Timeout(180)
  @DisplayName("on PostgreSQL (the throwaway server stopped and restarted on the same port)")
  void postgres() throws Exception {
    TestDatabases.postgresUrl(); // skips, or fails when AWO_REQUIRE_POSTGRES=1
    try (Database db = new Postgres()) {
      survivesOutage(db);
    }
  }

  /** The run survives: every work order completes after the outage, each step run and saved once. */
  private void survivesOutage(Database db) throws Exception {
    try (Rig rig = new Rig(db, SaveRetryPolicy.DEFAULT)) {
      Outage outage = rig.outage(OUTAGE);
      for (WorkOrderId id : rig.ids) {
        WorkOrder done = rig.ends.get(id).get(90, TimeUnit.SECONDS);
        String what = id + " " + rig.heard.get(id);
        assertEquals(WorkOrderStatus.COMPLETED, done.status(), what);
        assertEquals(WorkOrderStatus.COMPLETED, rig.storedStatus(id), what);
        assertEquals(STEPS, rig.histories.find(id).orElseThrow().results().stream().map(StepResult::step).toList(),
            "each step saved exactly once: " + what);
        assertEquals(List.of(1L, 2L, 3L), rig.heard(id, WorkOrderEvent.HistorySaved.class).stream()
            .map(e -> e.snapshot().version()).toList(), what);
        assertEquals(List.of(WorkOrderStatus.RUNNING, WorkOrderStatus.COMPLETED), rig.statuses(id), what);
        assertEquals(List.of(), rig.heard(id, WorkOrderEvent.SaveFailed.class), what);
        assertEquals(STEPS, rig.agent.calls(id), "each step ran once: " + what);
      }
      assertEquals(List.of(), rig.agent.startedBetween(outage.down().plusSeconds(2), outage.up()),
          "steps started while the database was down (the run must wait)");
    }
  }

  @Test
  @Timeout(120)
  @DisplayName("an outage longer than the retry budget on H2: runs stop, and the store and the listeners agree once it is back")
  void h2BudgetRunsOut() throws Exception {
    try (Database db = new H2Server(base.resolve("h2"))) {
      budgetRunsOut(db);
    }
  }

  @Test
  @Timeout(120)
  @DisplayName("an outage longer than the retry budget on PostgreSQL: runs stop, and the store and the listeners agree")
  void postgresBudgetRunsOut() throws Exception {
    TestDatabases.postgresUrl();
    try (Database db = new Postgres()) {
      budgetRunsOut(db);
    }
  }

  /** A 3 s budget and a 15 s outage (the runs would end within it): no work order may be a zombie that listeners think has ended. */
  private void budgetRunsOut(Database db) throws Exception {
    SaveRetryPolicy short3s = SaveRetryPolicy.builder().initialInterval(Duration.ofMillis(100))
        .maximumInterval(Duration.ofSeconds(1)).timeBudget(Duration.ofSeconds(3)).build();
    try (Rig rig = new Rig(db, short3s)) {
      rig.outage(Duration.ofSeconds(15));
      for (WorkOrderId id : rig.ids) {
        try {
          rig.ends.get(id).get(60, TimeUnit.SECONDS); // asked for at submit: a stopped run's handle fails
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof StoreUnavailableException, String.valueOf(e.getCause()));
        }
        WorkOrderStatus stored = rig.storedStatus(id);
        List<WorkOrderStatus> told = rig.statuses(id);
        assertEquals(stored, told.get(told.size() - 1), id + ": the store says " + stored + ", listeners heard " + told);
      }
    }
  }

  /** When the database went down and came back. */
  private record Outage(Instant down, Instant up) {}

  /** Six work orders running on the database through a pool that gives up on a connection after 1 s. */
  private final class Rig implements AutoCloseable {
    final Database db;
    final HikariDataSource pool;
    final JdbcWorkOrderRepository workOrders;
    final JdbcStepHistoryRepository histories;
    final Map<WorkOrderId, List<WorkOrderEvent>> heard = new ConcurrentHashMap<>();
    final StepAgent agent = new StepAgent();
    final WorkflowOrchestrator orchestrator;
    final List<WorkOrderId> ids = new ArrayList<>();
    final Map<WorkOrderId, CompletableFuture<WorkOrder>> ends = new ConcurrentHashMap<>();
    private final CountDownLatch allSavedOnce = new CountDownLatch(WORK_ORDERS);

    Rig(Database db, SaveRetryPolicy retry) {
      this.db = db;
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.url());
      config.setMaximumPoolSize(8);
      config.setConnectionTimeout(1_000);
      config.setValidationTimeout(500);
      config.setPoolName("awo-outage");
      pool = new HikariDataSource(config);
      JdbcSchema.create(pool);
      workOrders = new JdbcWorkOrderRepository(pool);
      histories = new JdbcStepHistoryRepository(pool);
      WorkOrderListener listener = new WorkOrderListener() {
        @Override
        public void onEvent(WorkOrderEvent event) {
          heard.computeIfAbsent(event.workOrderId(), k -> new CopyOnWriteArrayList<>()).add(event);
          if (event instanceof WorkOrderEvent.HistorySaved saved && saved.snapshot().version() == 1) {
            allSavedOnce.countDown();
          }
        }
      };
      orchestrator = WorkflowOrchestrator.builder()
          .workOrderRepository(workOrders).stepHistoryRepository(histories).saveRetryPolicy(retry)
          .agentExecutor(agent).sandboxFactory(InMemorySandboxFactory.under(base.resolve("sandboxes")))
          .workflow(workflow()).maxConcurrentWorkOrders(WORK_ORDERS).listener(listener).build();
      for (int i = 0; i < WORK_ORDERS; i++) {
        WorkOrderId id = orchestrator.submit(WorkOrderRequest.builder("https://github.com/acme/widgets", "Task " + i)
            .workflow("outage").build());
        ids.add(id);
        ends.put(id, orchestrator.completion(id));
      }
    }

    /** The stored status, read as soon as the pool has a connection again (bounded). */
    WorkOrderStatus storedStatus(WorkOrderId id) throws InterruptedException {
      for (int attempt = 1; ; attempt++) {
        try {
          return workOrders.find(id).orElseThrow().status();
        } catch (JdbcStoreException e) {
          if (attempt == 30) {
            throw e;
          }
          Thread.sleep(500);
        }
      }
    }

    /** Once every work order saved its first step, stops the database for {@code length}, then starts it. */
    Outage outage(Duration length) throws Exception {
      assertTrue(allSavedOnce.await(60, TimeUnit.SECONDS), "every work order saved its first step");
      db.stop();
      Instant down = Instant.now();
      assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()).close(), "the database is down");
      Thread.sleep(length.toMillis());
      Instant up = Instant.now();
      db.start();
      return new Outage(down, up);
    }

    <T extends WorkOrderEvent> List<T> heard(WorkOrderId id, Class<T> type) {
      return heard.getOrDefault(id, List.of()).stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<WorkOrderStatus> statuses(WorkOrderId id) {
      return heard(id, WorkOrderEvent.StatusChanged.class).stream().map(WorkOrderEvent.StatusChanged::current).toList();
    }

    @Override
    public void close() {
      orchestrator.close();
      pool.close();
    }
  }

  private static WorkflowDefinition workflow() {
    return WorkflowDefinition.builder("outage")
        .node(NodeDefinition.agentCall("classify", "classifier").arguments("$context.task").build())
        .node(NodeDefinition.agentCall("implement", "implementor").arguments("$context.task").build())
        .node(NodeDefinition.agentCall("commit", "committer").arguments("$context.task").build())
        .edge("classify", "implement").edge("implement", "commit").build();
  }

  /** An agent whose every step takes {@link #STEP}; records which steps started when. */
  private static final class StepAgent implements AgentExecutor {
    private record Call(WorkOrderId id, String step, Instant at) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
      calls.add(new Call(request.workOrderId(), request.step(), Instant.now()));
      try {
        Thread.sleep(STEP.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return AgentOutcome.failed("interrupted", Duration.ZERO);
      }
      return AgentOutcome.succeeded("done: " + request.step(), "session-" + request.workOrderId().value(), STEP);
    }

    List<String> calls(WorkOrderId id) {
      return calls.stream().filter(c -> c.id().equals(id)).map(Call::step).toList();
    }

    List<String> startedBetween(Instant from, Instant to) {
      return calls.stream().filter(c -> c.at().isAfter(from) && c.at().isBefore(to))
          .map(c -> c.id().value() + "/" + c.step() + "@" + c.at()).toList();
    }
  }

  /** An H2 TCP server in this JVM over a file database, stopped and started on one port. */
  private static final class H2Server implements Database {
    private final Path dir;
    private final int port;
    private Server server;

    H2Server(Path dir) throws Exception {
      this.dir = Files.createDirectories(dir);
      try (ServerSocket free = new ServerSocket(0)) {
        this.port = free.getLocalPort();
      }
      start();
    }

    @Override
    public String url() {
      return "jdbc:h2:tcp://127.0.0.1:" + port + "/awo;WRITE_DELAY=0;LOCK_TIMEOUT=20000";
    }

    @Override
    public void stop() {
      server.stop();
    }

    @Override
    public void start() throws SQLException {
      server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
          .start();
    }

    @Override
    public void close() {
      server.stop();
    }
  }

  /**
   * The throwaway PostgreSQL server of {@code start-postgres.sh}: a fresh schema on it; stopped with
   * the script's {@code AWO_TEST_PG_STOP} command and started again with {@code pg_ctl restart},
   * which reuses the options (port, addresses) the server was started with.
   */
  private static final class Postgres implements Database {
    private final String url;
    private final String stop;

    Postgres() throws SQLException {
      this.stop = System.getenv("AWO_TEST_PG_STOP");
      boolean restartable = stop != null && stop.endsWith(" stop -m fast") && System.getenv("AWO_TEST_PG_DATA") != null;
      String why = "the outage test stops and restarts the server, so it needs the AWO_TEST_PG_STOP and "
          + "AWO_TEST_PG_DATA that start-postgres.sh prints (AWO_TEST_PG_STOP is: " + stop + ")";
      if ("1".equals(System.getenv("AWO_REQUIRE_POSTGRES"))) {
        assertTrue(restartable, why);
      }
      Assumptions.assumeTrue(restartable, why);
      this.url = TestDatabases.freshPostgresSchemaUrl();
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public void stop() throws IOException, InterruptedException {
      run(stop);
    }

    @Override
    public void start() throws IOException, InterruptedException {
      String log = new File(System.getenv("AWO_TEST_PG_DATA")).getParent() + "/server-restarted.log";
      run(stop.substring(0, stop.length() - " stop -m fast".length()) + " -l " + log + " -w -t 60 restart");
      try (Connection c = DriverManager.getConnection(url)) {
        assertTrue(c.isValid(5), "PostgreSQL is back");
      } catch (SQLException e) {
        throw new AssertionError("PostgreSQL did not come back", e);
      }
    }

    @Override
    public void close() throws SQLException {
      TestDatabases.dropPostgresSchema(url);
    }

    private static void run(String command) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "timed out: " + command);
      assertEquals(0, p.exitValue(), "failed: " + command);
    }
  }
}
