package dev.awo.store.jdbc;

import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.testkit.contract.StepHistoryRepositoryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcStepHistoryRepository on PostgreSQL honours the StepHistoryRepository contract")
class PostgresStepHistoryRepositoryTest extends StepHistoryRepositoryContract {
  @BeforeAll
  static void requirePostgres() {
    TestDatabases.postgresUrl(); // skips the class, or fails it when AWO_REQUIRE_POSTGRES=1
  }

  private TestDatabases.Scratch database;

  @Override
  protected StepHistoryRepository createRepository() throws Exception {
    database = TestDatabases.Scratch.postgres();
    return new JdbcStepHistoryRepository(database.pool());
  }

  @Override
  protected void closeRepository(StepHistoryRepository repository) throws Exception {
    if (database != null) { // null when the database could not be opened
      database.close();
    }
  }
}
