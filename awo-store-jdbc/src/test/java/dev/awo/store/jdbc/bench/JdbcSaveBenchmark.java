package dev.awo.store.jdbc.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.store.jdbc.JdbcSchema;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.testkit.contract.TestValues;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What saves cost as a work order's history grows, when it already holds 7, 700 or 7000 results,
 * on embedded H2 (in memory) or on the PostgreSQL server named by {@code AWO_TEST_PG_URL}, in a
 * schema of its own that is dropped afterwards. Each measured batch is {@value #BATCH} consecutive saves of one work order, as a
 * run makes them (version n+1, n+2, ...), after its first n results were stored in the unmeasured
 * setup. The JDBC store appends only the new result, so the three should be about equal.
 *
 * <pre>
 * bench/run.sh awo-store-jdbc JdbcSaveBenchmark -f 1
 * eval "$(bash awo-store-jdbc/src/test/pg/start-postgres.sh)"
 * bench/run.sh awo-store-jdbc JdbcSaveBenchmark -f 1 -p database=postgresql
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, batchSize = JdbcSaveBenchmark.BATCH)
@Measurement(iterations = 30, batchSize = JdbcSaveBenchmark.BATCH)
public class JdbcSaveBenchmark {
  static final int BATCH = 200;

  @Param({"7", "700", "7000"})
  public int stored;

  /** {@code h2} or {@code postgresql}. */
  @Param({"h2"})
  public String database;

  private String schema;

  private HikariDataSource pool;
  private JdbcStepHistoryRepository repository;
  private List<StepResult> tail;
  private StepHistory history;
  private int next;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    JdbcSchema.create(pool);
    repository = new JdbcStepHistoryRepository(pool);
    tail = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      tail.add(TestValues.result(stored + i));
    }
  }

  @Setup(Level.Iteration)
  public void storeHistory() {
    history = TestValues.history(WorkOrderId.random(), stored);
    repository.save(history);
    next = 0;
  }

  @Benchmark
  public StepHistory saveNextVersion() {
    history = history.append(tail.get(next++));
    repository.save(history);
    return history;
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    pool.close();
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private String url() throws SQLException {
    if (database.equals("h2")) {
      return "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
    if (!database.equals("postgresql")) {
      throw new IllegalArgumentException("database must be h2 or postgresql, got " + database);
    }
    String url = postgresUrl();
    schema = "awo_bench_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static String postgresUrl() {
    String url = System.getenv("AWO_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("set AWO_TEST_PG_URL: eval \"$(bash awo-store-jdbc/src/test/pg/start-postgres.sh)\"");
    }
    return url;
  }
}
