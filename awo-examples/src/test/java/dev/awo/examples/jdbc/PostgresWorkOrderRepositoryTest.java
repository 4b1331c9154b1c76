package dev.awo.examples.jdbc;

import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.testkit.WorkOrderRepositoryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcWorkOrderRepository on PostgreSQL honours the WorkOrderRepository contract")
class PostgresWorkOrderRepositoryTest extends WorkOrderRepositoryContract {
  @BeforeAll
  static void requirePostgres() {
    TestDatabases.postgresUrl(); // skips the class, or fails it when AWO_REQUIRE_POSTGRES=1
  }

  private String url;
  private SimpleConnectionPool pool;

  @Override
  protected WorkOrderRepository createRepository() throws Exception {
    url = TestDatabases.freshPostgresSchemaUrl();
    pool = SimpleConnectionPool.open(url, 8);
    return new JdbcWorkOrderRepository(pool);
  }

  @Override
  protected void closeRepository(WorkOrderRepository repository) throws Exception {
    if (pool == null) {
      return; // the database was never opened (e.g. PostgreSQL is not configured)
    }
    pool.close();
    TestDatabases.dropPostgresSchema(url);
  }
}
