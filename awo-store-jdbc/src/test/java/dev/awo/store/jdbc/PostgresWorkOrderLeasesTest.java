package dev.awo.store.jdbc;

import dev.awo.testkit.contract.WorkOrderLeasesContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The JDBC store on PostgreSQL honours the WorkOrderLeases contract")
class PostgresWorkOrderLeasesTest extends WorkOrderLeasesContract {
  @BeforeAll
  static void requirePostgres() {
    TestDatabases.postgresUrl(); // skips the class, or fails it when AWO_REQUIRE_POSTGRES=1
  }

  private TestDatabases.Scratch database;

  @Override
  protected Store createRepository() throws Exception {
    database = TestDatabases.Scratch.postgres();
    return Store.of(new JdbcWorkOrderRepository(database.pool()), new JdbcStepHistoryRepository(database.pool()));
  }

  @Override
  protected void closeRepository(Store store) throws Exception {
    if (database != null) {
      database.close();
    }
  }
}
