package dev.awo.examples.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tables of the JDBC store, created if missing. The SQL is portable between H2 and PostgreSQL:
 * no vendor types, no upsert syntax.
 *
 * <p>Why the column types look the way they do:
 * <ul>
 *   <li>instants and durations are {@code BIGINT} nanoseconds: exact (PostgreSQL's {@code
 *       TIMESTAMP} keeps only microseconds, so a read-back value would differ from the one saved)
 *       and they sort correctly;
 *   <li>{@code cost_usd} is text: a {@code DECIMAL(p,s)} column changes the scale of {@code 0.0325}
 *       to that of the column, and {@link java.math.BigDecimal#equals} would then fail;
 *   <li>a step result is one row keyed by (work order, position): saving appends only the new
 *       rows, so a save costs the same at step 7 as at step 700;
 *   <li>{@code awo_step_histories} holds one version per work order; writers lock that row, so
 *       concurrent saves of one work order are serialised and the version never goes down.
 * </ul>
 *
 * <pre>{@code
 * JdbcSchema.createIfMissing(dataSource);
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class JdbcSchema {

  static final List<String> STATEMENTS = List.of(
      """
      CREATE TABLE IF NOT EXISTS awo_work_orders (
        id               VARCHAR(16) NOT NULL PRIMARY KEY,
        repository_url   TEXT        NOT NULL,
        user_request     TEXT        NOT NULL,
        issue_number     INTEGER,
        sandbox_type     VARCHAR(32) NOT NULL,
        workflow         VARCHAR(64) NOT NULL,
        status           VARCHAR(16) NOT NULL,
        current_step     TEXT,
        branch_name      TEXT,
        pr_url           TEXT,
        error_message    TEXT,
        base_commit      VARCHAR(64),
        head_commit      VARCHAR(64),
        files_changed    INTEGER,
        lines_added      BIGINT,
        lines_removed    BIGINT,
        sandbox_path     TEXT,
        created_at_ns    BIGINT      NOT NULL,
        updated_at_ns    BIGINT      NOT NULL
      )""",
      "CREATE INDEX IF NOT EXISTS awo_work_orders_created ON awo_work_orders (created_at_ns, id)",
      "CREATE INDEX IF NOT EXISTS awo_work_orders_status ON awo_work_orders (status, created_at_ns, id)",
      """
      CREATE TABLE IF NOT EXISTS awo_step_histories (
        work_order_id    VARCHAR(16) NOT NULL PRIMARY KEY,
        version          BIGINT      NOT NULL
      )""",
      """
      CREATE TABLE IF NOT EXISTS awo_step_results (
        work_order_id          VARCHAR(16) NOT NULL,
        seq                    INTEGER     NOT NULL,
        step                   TEXT        NOT NULL,
        agent_name             TEXT,
        outcome                VARCHAR(16) NOT NULL,
        output                 TEXT,
        error_message          TEXT,
        started_at_ns          BIGINT      NOT NULL,
        duration_ns            BIGINT      NOT NULL,
        attempt                INTEGER     NOT NULL,
        session_id             TEXT,
        cost_usd               VARCHAR(64),
        input_tokens           BIGINT,
        output_tokens          BIGINT,
        cache_creation_tokens  BIGINT,
        cache_read_tokens      BIGINT,
        turns                  INTEGER,
        data_json              TEXT        NOT NULL,
        PRIMARY KEY (work_order_id, seq)
      )""");

  private JdbcSchema() {}

  /** Creates the tables and indexes that do not exist yet; leaves existing ones alone. */
  public static void createIfMissing(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : STATEMENTS) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new JdbcStoreException("Could not create the awo tables: " + e.getMessage(), e);
    }
  }
}
