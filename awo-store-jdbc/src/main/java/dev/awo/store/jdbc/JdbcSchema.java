package dev.awo.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tables of the JDBC store, for hosts that do not run Flyway: {@link #create} runs the same
 * versioned SQL files that Flyway runs from {@value #FLYWAY_LOCATION}, in order. Every statement in
 * them is idempotent ({@code CREATE ... IF NOT EXISTS}), so calling {@code create} on each start is
 * safe and leaves existing tables and rows alone. The SQL is portable between H2 2.x and PostgreSQL.
 *
 * <pre>{@code
 * JdbcSchema.create(dataSource);                       // without Flyway
 * Flyway.configure().dataSource(dataSource)            // or with Flyway, in a history table of its own
 *     .locations(JdbcSchema.FLYWAY_LOCATION).table("awo_schema_history").load().migrate();
 * }</pre>
 *
 * <p>Why the columns look the way they do is explained in the migration files themselves. This
 * class is stateless and thread-safe.
 */
public final class JdbcSchema {
  /** Where the migrations are on the class path, in Flyway's notation. */
  public static final String FLYWAY_LOCATION = "classpath:db/awo";

  /** The migration files in the order they apply; a test checks this matches the folder. */
  static final List<String> MIGRATIONS = List.of("V1__awo_schema.sql", "V2__configured_repositories.sql",
      "V3__step_head_commit.sql", "V4__work_order_leases.sql", "V5__idempotency_keys.sql",
      "V6__work_order_budgets.sql");

  private static final String FOLDER = "db/awo/";

  private JdbcSchema() {}

  /**
   * Creates the tables and indexes that do not exist yet by running every migration in order.
   *
   * @param dataSource where to create them; its user needs the right to create tables
   * @throws JdbcStoreException when a statement fails or a migration file is missing from the class path
   */
  public static void create(DataSource dataSource) {
    if (dataSource == null) {
      throw new NullPointerException("dataSource must not be null");
    }
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String migration : MIGRATIONS) {
        for (String sql : statements(migration)) {
          statement.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw Jdbc.failure("create the awo tables", e);
    }
  }

  /** The statements of one migration file: split at semicolons ending a line, comments dropped. */
  static List<String> statements(String migration) {
    String text = read(migration);
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new JdbcStoreException("The migration " + migration + " ends without a semicolon");
    }
    return List.copyOf(statements);
  }

  private static String read(String migration) {
    String path = FOLDER + migration;
    try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new JdbcStoreException("The migration " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JdbcStoreException("Could not read the migration " + path + ": " + e.getMessage(), e);
    }
  }
}
