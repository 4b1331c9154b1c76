package dev.awo.store.jdbc;

import dev.awo.testkit.contract.WorkOrderLeasesContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The JDBC store on H2 honours the WorkOrderLeases contract")
class H2WorkOrderLeasesTest extends WorkOrderLeasesContract {
  private TestDatabases.Scratch database;

  @Override
  protected Store createRepository() throws Exception {
    database = TestDatabases.Scratch.h2();
    return Store.of(new JdbcWorkOrderRepository(database.pool()), new JdbcStepHistoryRepository(database.pool()));
  }

  @Override
  protected void closeRepository(Store store) throws Exception {
    if (database != null) {
      database.close();
    }
  }
}
