package dev.awo.examples.jdbc;

import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.testkit.WorkOrderRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcWorkOrderRepository on embedded H2 honours the WorkOrderRepository contract")
class H2WorkOrderRepositoryTest extends WorkOrderRepositoryContract {
  private String url;
  private SimpleConnectionPool pool;

  @Override
  protected WorkOrderRepository createRepository() throws Exception {
    url = TestDatabases.freshH2Url();
    pool = SimpleConnectionPool.open(url, 8);
    return new JdbcWorkOrderRepository(pool);
  }

  @Override
  protected void closeRepository(WorkOrderRepository repository) throws Exception {
    if (pool == null) {
      return; // the database was never opened (e.g. PostgreSQL is not configured)
    }
    pool.close();
    TestDatabases.dropH2(url);
  }
}
