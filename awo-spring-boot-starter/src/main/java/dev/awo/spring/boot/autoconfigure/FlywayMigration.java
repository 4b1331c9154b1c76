package dev.awo.spring.boot.autoconfigure;

import dev.awo.store.jdbc.JdbcSchema;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Runs awo's migrations with Flyway; only loaded when Flyway is on the class path. Thread-safe. */
final class FlywayMigration {
  private FlywayMigration() {}

  static void migrate(DataSource dataSource, String historyTable) {
    Flyway.configure().dataSource(dataSource)
        .locations(JdbcSchema.FLYWAY_LOCATION)
        .table(historyTable)
        // the application's own tables make the schema non-empty: start awo's history below V1
        .baselineOnMigrate(true).baselineVersion("0")
        .load().migrate();
  }
}
