package dev.awo.store.jdbc;

import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.testkit.contract.WorkOrderRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcWorkOrderRepository on embedded H2 honours the WorkOrderRepository contract")
class H2WorkOrderRepositoryTest extends WorkOrderRepositoryContract {
  private TestDatabases.Scratch database;

  @Override
  protected WorkOrderRepository createRepository() throws Exception {
    database = TestDatabases.Scratch.h2();
    return new JdbcWorkOrderRepository(database.pool());
  }

  @Override
  protected void closeRepository(WorkOrderRepository repository) throws Exception {
    if (database != null) { // null when the database could not be opened
      database.close();
    }
  }
}
