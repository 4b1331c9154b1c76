package dev.awo.store.jdbc;

import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.testkit.contract.WorkOrderRepositoryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcWorkOrderRepository on PostgreSQL honours the WorkOrderRepository contract")
class PostgresWorkOrderRepositoryTest extends WorkOrderRepositoryContract {
  @BeforeAll
  static void requirePostgres() {
    TestDatabases.postgresUrl(); // skips the class, or fails it when AWO_REQUIRE_POSTGRES=1
  }

  private TestDatabases.Scratch database;

  @Override
  protected WorkOrderRepository createRepository() throws Exception {
    database = TestDatabases.Scratch.postgres();
    return new JdbcWorkOrderRepository(database.pool());
  }

  @Override
  protected void closeRepository(WorkOrderRepository repository) throws Exception {
    if (database != null) { // null when the database could not be opened
      database.close();
    }
  }
}
