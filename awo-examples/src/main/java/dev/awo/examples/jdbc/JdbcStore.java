package dev.awo.examples.jdbc;

import dev.awo.domain.InvalidInputException;

/**
 * Both JDBC repositories over one {@link SimpleConnectionPool}, opened from a JDBC URL: what the
 * runner's {@code --store jdbc:...} option uses. A host builds the repositories on its own
 * {@link javax.sql.DataSource} instead.
 *
 * <pre>{@code
 * try (JdbcStore store = JdbcStore.open("jdbc:h2:./awo-store")) {
 *   builder.stepHistoryRepository(store.stepHistories()).workOrderRepository(store.workOrders());
 * }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class JdbcStore implements AutoCloseable {
  private final SimpleConnectionPool pool;
  private final JdbcStepHistoryRepository stepHistories;
  private final JdbcWorkOrderRepository workOrders;

  private JdbcStore(SimpleConnectionPool pool) {
    this.pool = pool;
    this.workOrders = new JdbcWorkOrderRepository(pool);
    this.stepHistories = new JdbcStepHistoryRepository(pool);
  }

  /**
   * Connects to {@code jdbcUrl} (H2 and PostgreSQL drivers are on the runner's class path) and
   * creates the tables if missing.
   *
   * @throws InvalidInputException when the URL is not a JDBC URL
   * @throws JdbcStoreException when the database cannot be reached or the tables cannot be created
   */
  public static JdbcStore open(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new InvalidInputException("store", "expected 'memory' or a JDBC URL such as jdbc:h2:./awo-store");
    }
    SimpleConnectionPool pool = SimpleConnectionPool.open(jdbcUrl, 8);
    try {
      return new JdbcStore(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  public JdbcStepHistoryRepository stepHistories() {
    return stepHistories;
  }

  public JdbcWorkOrderRepository workOrders() {
    return workOrders;
  }

  @Override
  public void close() {
    pool.close();
  }
}
