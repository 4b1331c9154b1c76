package dev.awo.store.jdbc;

import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.testkit.contract.StepHistoryRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcStepHistoryRepository on embedded H2 honours the StepHistoryRepository contract")
class H2StepHistoryRepositoryTest extends StepHistoryRepositoryContract {
  private TestDatabases.Scratch database;

  @Override
  protected StepHistoryRepository createRepository() throws Exception {
    database = TestDatabases.Scratch.h2();
    return new JdbcStepHistoryRepository(database.pool());
  }

  @Override
  protected void closeRepository(StepHistoryRepository repository) throws Exception {
    if (database != null) { // null when the database could not be opened
      database.close();
    }
  }
}
