package dev.awo.store.jdbc;

import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.testkit.contract.ConfiguredRepositoryRepositoryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConfiguredRepositoryRepository on PostgreSQL honours the ConfiguredRepositoryRepository contract")
class PostgresConfiguredRepositoryRepositoryTest extends ConfiguredRepositoryRepositoryContract {
  @BeforeAll
  static void requirePostgres() {
    TestDatabases.postgresUrl(); // skips the class, or fails it when AWO_REQUIRE_POSTGRES=1
  }

  private TestDatabases.Scratch database;

  @Override
  protected ConfiguredRepositoryRepository createRepository() throws Exception {
    database = TestDatabases.Scratch.postgres();
    return new JdbcConfiguredRepositoryRepository(database.pool());
  }

  @Override
  protected void closeRepository(ConfiguredRepositoryRepository repository) throws Exception {
    if (database != null) { // null when the database could not be opened
      database.close();
    }
  }
}
