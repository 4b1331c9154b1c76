package dev.awo.store.jdbc;

import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.testkit.contract.ConfiguredRepositoryRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConfiguredRepositoryRepository on embedded H2 honours the ConfiguredRepositoryRepository contract")
class H2ConfiguredRepositoryRepositoryTest extends ConfiguredRepositoryRepositoryContract {
  private TestDatabases.Scratch database;

  @Override
  protected ConfiguredRepositoryRepository createRepository() throws Exception {
    database = TestDatabases.Scratch.h2();
    return new JdbcConfiguredRepositoryRepository(database.pool());
  }

  @Override
  protected void closeRepository(ConfiguredRepositoryRepository repository) throws Exception {
    if (database != null) { // null when the database could not be opened
      database.close();
    }
  }
}
