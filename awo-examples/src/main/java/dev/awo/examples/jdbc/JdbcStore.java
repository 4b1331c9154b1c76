package dev.awo.examples.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.awo.domain.InvalidInputException;
import dev.awo.store.jdbc.JdbcSchema;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcStoreException;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;

/**
 * What the runner's {@code --store jdbc:...} option opens: a HikariCP pool for the URL, the awo
 * tables ({@link JdbcSchema#create}) and both awo-store-jdbc repositories over it. A host builds the
 * repositories on its own {@link javax.sql.DataSource} instead.
 *
 * <pre>{@code
 * try (JdbcStore store = JdbcStore.open("jdbc:h2:./awo-store")) {
 *   builder.stepHistoryRepository(store.stepHistories()).workOrderRepository(store.workOrders());
 * }
 * }</pre>
 *
 * <p>An embedded H2 file URL gets {@code WRITE_DELAY=0} unless it sets a write delay itself: H2
 * otherwise acknowledges a commit up to half a second before it reaches the file, and a crash in
 * that window loses saved steps.
 *
 * <p>This class is thread-safe.
 */
public final class JdbcStore implements AutoCloseable {
  private static final int MAX_CONNECTIONS = 8;

  private final HikariDataSource pool;
  private final JdbcStepHistoryRepository stepHistories;
  private final JdbcWorkOrderRepository workOrders;

  private JdbcStore(HikariDataSource pool) {
    this.pool = pool;
    JdbcSchema.create(pool);
    this.workOrders = new JdbcWorkOrderRepository(pool);
    this.stepHistories = new JdbcStepHistoryRepository(pool);
  }

  /**
   * Connects to {@code jdbcUrl} (H2 and PostgreSQL drivers are on the runner's class path) and
   * creates the tables if missing.
   *
   * @param jdbcUrl e.g. {@code jdbc:h2:/tmp/awo-store} or {@code jdbc:postgresql://host/db?user=u&password=p}
   * @return the open store; close it after the orchestrator
   * @throws InvalidInputException when the URL is not a JDBC URL
   * @throws JdbcStoreException when the database cannot be reached or the tables cannot be created
   */
  public static JdbcStore open(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new InvalidInputException("store", "expected 'memory' or a JDBC URL such as jdbc:h2:./awo-store");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(durable(jdbcUrl));
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setPoolName("awo-store");
    config.setInitializationFailTimeout(-1); // the schema step below reports an unreachable database
    config.setConnectionTimeout(10_000);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      return new JdbcStore(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** An H2 file URL with {@code WRITE_DELAY=0} added, unless it is in memory or names a delay itself. */
  static String durable(String jdbcUrl) {
    boolean h2File = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:");
    if (!h2File || jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY=")) {
      return jdbcUrl;
    }
    return jdbcUrl + ";WRITE_DELAY=0";
  }

  /** The step histories. */
  public JdbcStepHistoryRepository stepHistories() {
    return stepHistories;
  }

  /** The work orders. */
  public JdbcWorkOrderRepository workOrders() {
    return workOrders;
  }

  @Override
  public void close() {
    pool.close();
  }
}
