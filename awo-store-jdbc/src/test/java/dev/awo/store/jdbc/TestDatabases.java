package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for the JDBC store's tests: a fresh embedded H2 database, or a fresh schema on the
 * PostgreSQL server named by {@code AWO_TEST_PG_URL} (start one with {@code
 * awo-store-jdbc/src/test/pg/start-postgres.sh}). Without that variable the PostgreSQL tests are skipped, unless
 * {@code AWO_REQUIRE_POSTGRES=1}, which makes them fail instead.
 */
final class TestDatabases {
  static final String PG_URL_VARIABLE = "AWO_TEST_PG_URL";
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private TestDatabases() {}

  /** A URL of a new, empty in-memory H2 database that lives until {@link #dropH2}. */
  static String freshH2Url() {
    return "jdbc:h2:mem:awo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
  }

  static void dropH2(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  /** The PostgreSQL URL, or a skipped (or, when required, failed) test. */
  static String postgresUrl() {
    String url = System.getenv(PG_URL_VARIABLE);
    boolean required = "1".equals(System.getenv("AWO_REQUIRE_POSTGRES"));
    if (url == null || url.isBlank()) {
      String why = PG_URL_VARIABLE + " is not set, so the PostgreSQL tests cannot run; start a server with "
          + "eval \"$(bash awo-store-jdbc/src/test/pg/start-postgres.sh)\" (it prints the variable to export)";
      if (required) {
        fail("AWO_REQUIRE_POSTGRES=1 but " + why);
      }
      Assumptions.assumeTrue(false, why);
    }
    return url;
  }

  /** A URL whose connections use a new, empty schema on the PostgreSQL server. */
  static String freshPostgresSchemaUrl() throws SQLException {
    String url = postgresUrl();
    String schema = "awo_test_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void dropPostgresSchema(String schemaUrl) throws SQLException {
    String schema = schemaUrl.substring(schemaUrl.lastIndexOf("currentSchema=") + "currentSchema=".length());
    try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** A HikariCP pool of up to {@code size} connections to {@code url}, as a host would configure one. */
  static HikariDataSource hikari(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setPoolName("awo-test");
    return new HikariDataSource(config);
  }

  /** An empty database (H2) or schema (PostgreSQL) with a pool and the awo tables; closing drops it. */
  static final class Scratch implements AutoCloseable {
    private final String url;
    private final HikariDataSource pool;
    private final boolean postgres;

    private Scratch(String url, boolean postgres) {
      this.url = url;
      this.postgres = postgres;
      this.pool = hikari(url, 8);
      JdbcSchema.create(pool);
    }

    static Scratch h2() throws SQLException {
      return new Scratch(freshH2Url(), false);
    }

    static Scratch postgres() throws SQLException {
      return new Scratch(freshPostgresSchemaUrl(), true);
    }

    HikariDataSource pool() {
      return pool;
    }

    @Override
    public void close() throws SQLException {
      pool.close();
      if (postgres) {
        dropPostgresSchema(url);
      } else {
        dropH2(url);
      }
    }
  }
}
