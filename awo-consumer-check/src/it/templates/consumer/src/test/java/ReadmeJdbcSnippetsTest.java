import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.store.jdbc.JdbcSchema;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's two ways to create the JDBC store's tables, run on H2, each followed by a save and a read. */
class ReadmeJdbcSnippetsTest {

  @Test
  void withoutFlyway() {
    DataSource dataSource = freshH2();
// README: jdbc-plain
    assertSavesAndReads(histories);
    assertEquals(0, workOrders.list().size());
  }

  @Test
  void withFlyway() {
    DataSource dataSource = freshH2();
// README: jdbc-flyway
    assertSavesAndReads(new JdbcStepHistoryRepository(dataSource));
  }

  private static void assertSavesAndReads(StepHistoryRepository histories) {
    WorkOrderId id = WorkOrderId.random();
    StepHistory one = StepHistory.empty(id).append(StepResult.builder("classify", Instant.EPOCH).succeeded("/feature").build());
    histories.save(one);
    assertEquals(one, histories.find(id).orElseThrow());
  }

  private static DataSource freshH2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
