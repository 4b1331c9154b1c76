package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import dev.awo.domain.WorkOrderId;
import dev.awo.testkit.contract.TestValues;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The schema ships as versioned SQL files that Flyway runs, and that JdbcSchema runs without Flyway. */
class MigrationTest {

  @Test
  @DisplayName("JdbcSchema runs exactly the migration files in the jar's db/awo folder, in version order")
  void schemaListsEveryMigration() throws IOException, URISyntaxException {
    Path folder = Paths.get(JdbcSchema.class.getClassLoader().getResource("db/awo").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(files.map(p -> p.getFileName().toString()).sorted().toList(), JdbcSchema.MIGRATIONS);
    }
  }

  @Test
  @DisplayName("Flyway migrates an empty H2 database with the shipped files; the store then works")
  void flywayOnH2() throws Exception {
    String url = TestDatabases.freshH2Url();
    try (HikariDataSource pool = TestDatabases.hikari(url, 2)) {
      migrateWithFlywayAndUse(pool);
    } finally {
      TestDatabases.dropH2(url);
    }
  }

  @Test
  @DisplayName("Flyway migrates an empty PostgreSQL schema with the shipped files; the store then works")
  void flywayOnPostgres() throws Exception {
    String url = TestDatabases.freshPostgresSchemaUrl();
    try (HikariDataSource pool = TestDatabases.hikari(url, 2)) {
      migrateWithFlywayAndUse(pool);
    } finally {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  @Test
  @DisplayName("a migration file missing from the class path is reported with its path")
  void missingMigrationReported() {
    JdbcStoreException e = assertThrows(JdbcStoreException.class, () -> JdbcSchema.statements("missing.sql"));
    assertEquals("The migration db/awo/missing.sql is missing from the class path", e.getMessage());
  }

  private static void migrateWithFlywayAndUse(DataSource pool) throws Exception {
    Flyway flyway = Flyway.configure().dataSource(pool).locations(JdbcSchema.FLYWAY_LOCATION)
        .table("awo_schema_history").load();
    MigrateResult result = flyway.migrate();
    assertEquals(List.of("1"), result.migrations.stream().map(m -> m.version).toList());
    assertEquals(0, flyway.migrate().migrationsExecuted, "a second migrate has nothing to do");
    JdbcSchema.create(pool); // a host switching from JdbcSchema to Flyway or back loses nothing
    WorkOrderId id = TestValues.newId();
    new JdbcStepHistoryRepository(pool).save(TestValues.history(id, 3));
    new JdbcWorkOrderRepository(pool).save(TestValues.workOrder(id, 1));
    assertEquals(TestValues.history(id, 3), new JdbcStepHistoryRepository(pool).find(id).orElseThrow());
    assertEquals(1, flyway.info().applied().length, "applied migrations recorded by Flyway");
  }
}
