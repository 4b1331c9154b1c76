package dev.awo.examples.jdbc;

import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.testkit.StepHistoryRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcStepHistoryRepository on embedded H2 honours the StepHistoryRepository contract")
class H2StepHistoryRepositoryTest extends StepHistoryRepositoryContract {
  private String url;
  private SimpleConnectionPool pool;

  @Override
  protected StepHistoryRepository createRepository() throws Exception {
    url = TestDatabases.freshH2Url();
    pool = SimpleConnectionPool.open(url, 8);
    return new JdbcStepHistoryRepository(pool);
  }

  @Override
  protected void closeRepository(StepHistoryRepository repository) throws Exception {
    if (pool == null) {
      return; // the database was never opened (e.g. PostgreSQL is not configured)
    }
    pool.close();
    TestDatabases.dropH2(url);
  }
}
