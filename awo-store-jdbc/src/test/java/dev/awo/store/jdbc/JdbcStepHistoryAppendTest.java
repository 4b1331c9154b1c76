package dev.awo.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.testkit.contract.TestValues;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the contract kit cannot see from outside: how the JDBC store writes. */
class JdbcStepHistoryAppendTest {
  private String url;
  private HikariDataSource pool;
  private JdbcStepHistoryRepository repository;

  @BeforeEach
  void open() {
    url = TestDatabases.freshH2Url();
    pool = TestDatabases.hikari(url, 4);
    JdbcSchema.create(pool);
    repository = new JdbcStepHistoryRepository(pool);
  }

  @AfterEach
  void close() throws Exception {
    pool.close();
    TestDatabases.dropH2(url);
  }

  @Test
  @DisplayName("a save inserts only the results beyond the stored version; stored rows are never rewritten")
  void appendsOnlyTheTail() throws Exception {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 700));
    // mark a stored row; a save that rewrote the history would restore it
    execute("UPDATE awo_step_results SET output = 'untouched' WHERE work_order_id = '" + id + "' AND seq = 0");
    repository.save(TestValues.history(id, 701));
    assertEquals(701, count("SELECT COUNT(*) FROM awo_step_results WHERE work_order_id = '" + id + "'"));
    assertEquals("untouched", repository.find(id).orElseThrow().results().get(0).output());
    assertEquals(TestValues.history(id, 701).results().get(700), repository.find(id).orElseThrow().results().get(700));
  }

  @Test
  @DisplayName("the version is stored with the rows it covers: rows beyond it are never read")
  void readsOnlyUpToTheVersion() throws Exception {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 3));
    execute("UPDATE awo_step_histories SET version = 2 WHERE work_order_id = '" + id + "'");
    StepHistory read = repository.find(id).orElseThrow();
    assertEquals(TestValues.history(id, 2), read);
  }

  @Test
  @DisplayName("a history whose rows are missing is reported as damaged, not returned torn")
  void damagedHistoryIsAnError() throws Exception {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 3));
    execute("DELETE FROM awo_step_results WHERE work_order_id = '" + id + "' AND seq = 1");
    assertThrows(JdbcStoreException.class, () -> repository.find(id));
  }

  @Test
  @DisplayName("creating the schema again on one database keeps the tables and their rows")
  void schemaCreationIsIdempotent() {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 2));
    JdbcSchema.create(pool);
    JdbcStepHistoryRepository again = new JdbcStepHistoryRepository(pool);
    assertEquals(TestValues.history(id, 2), again.find(id).orElseThrow());
  }

  private void execute(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private long count(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
