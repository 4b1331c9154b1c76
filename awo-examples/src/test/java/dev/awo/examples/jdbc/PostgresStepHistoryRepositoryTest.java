package dev.awo.examples.jdbc;

import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.testkit.StepHistoryRepositoryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcStepHistoryRepository on PostgreSQL honours the StepHistoryRepository contract")
class PostgresStepHistoryRepositoryTest extends StepHistoryRepositoryContract {
  @BeforeAll
  static void requirePostgres() {
    TestDatabases.postgresUrl(); // skips the class, or fails it when AWO_REQUIRE_POSTGRES=1
  }

  private String url;
  private SimpleConnectionPool pool;

  @Override
  protected StepHistoryRepository createRepository() throws Exception {
    url = TestDatabases.freshPostgresSchemaUrl();
    pool = SimpleConnectionPool.open(url, 8);
    return new JdbcStepHistoryRepository(pool);
  }

  @Override
  protected void closeRepository(StepHistoryRepository repository) throws Exception {
    if (pool == null) {
      return; // the database was never opened (e.g. PostgreSQL is not configured)
    }
    pool.close();
    TestDatabases.dropPostgresSchema(url);
  }
}
