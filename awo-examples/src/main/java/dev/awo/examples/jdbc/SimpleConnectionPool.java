package dev.awo.examples.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A deliberately small {@link DataSource} over {@link DriverManager} that keeps up to {@code maxIdle}
 * connections open for reuse, so that each save does not pay for a new database session. It is
 * what the example runner needs and no more: no validation queries, no leak detection, no limit on
 * connections in use. <b>A host should pass its own pool (HikariCP, its application server's)</b>
 * to the repositories instead.
 *
 * <pre>{@code
 * try (SimpleConnectionPool pool = SimpleConnectionPool.open("jdbc:h2:./awo-store", 8)) {
 *   StepHistoryRepository histories = new JdbcStepHistoryRepository(pool);
 * }
 * }</pre>
 *
 * <p>A connection handed out is returned to the pool by {@code close()}, rolled back and set to
 * auto-commit first if it was left in a transaction. This class is thread-safe.
 */
public final class SimpleConnectionPool implements DataSource, AutoCloseable {
  private final String url;
  private final BlockingQueue<Connection> idle;
  private volatile boolean closed;

  private SimpleConnectionPool(String url, int maxIdle) {
    this.url = url;
    this.idle = new ArrayBlockingQueue<>(maxIdle);
  }

  /**
   * A pool for {@code jdbcUrl} (credentials may be given as URL parameters, e.g. {@code
   * ?user=awo&password=awo}). Nothing is connected until the first {@link #getConnection()}.
   */
  public static SimpleConnectionPool open(String jdbcUrl, int maxIdle) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new dev.awo.domain.InvalidInputException("jdbcUrl", "must start with 'jdbc:', e.g. jdbc:h2:./awo-store");
    }
    if (maxIdle < 1) {
      throw new dev.awo.domain.InvalidInputException("maxIdle", "must be 1 or more, got " + maxIdle);
    }
    return new SimpleConnectionPool(jdbcUrl, maxIdle);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (closed) {
      throw new SQLException("the connection pool is closed");
    }
    Connection physical = idle.poll();
    while (physical != null && physical.isClosed()) {
      physical = idle.poll();
    }
    if (physical == null) {
      physical = DriverManager.getConnection(url);
    }
    return borrowed(physical);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("give the credentials in the JDBC URL");
  }

  /** Closes the idle connections; connections in use are closed when they are returned. */
  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  private Connection borrowed(Connection physical) {
    AtomicBoolean returned = new AtomicBoolean();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              if (returned.compareAndSet(false, true)) {
                giveBack(physical);
              }
              return null;
            case "isClosed":
              return returned.get() || physical.isClosed();
            case "equals":
              return proxy == args[0];
            case "hashCode":
              return System.identityHashCode(proxy);
            case "toString":
              return "pooled " + physical;
            default:
              if (returned.get()) {
                throw new SQLException("this connection was returned to the pool");
              }
              try {
                return method.invoke(physical, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }

  private void giveBack(Connection physical) {
    try {
      if (!physical.isClosed() && !physical.getAutoCommit()) {
        physical.rollback();
        physical.setAutoCommit(true);
      }
      if (closed || physical.isClosed() || !idle.offer(physical)) {
        closeQuietly(physical);
      }
    } catch (SQLException e) {
      closeQuietly(physical); // a connection we cannot reset is not reused
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a broken connection: nothing more to do
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
