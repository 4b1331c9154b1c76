package dev.awo.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Step histories in a relational database, one row per step result (tables: see {@link JdbcSchema}).
 *
 * <pre>{@code
 * StepHistoryRepository histories = new JdbcStepHistoryRepository(dataSource);   // after JdbcSchema.create or Flyway
 * WorkflowOrchestrator.builder().stepHistoryRepository(histories)...
 * }</pre>
 *
 * <p>How it keeps the {@link StepHistoryRepository} contract:
 * <ul>
 *   <li><b>Append only the tail.</b> A snapshot of version {@code v} holds every earlier result, and
 *       histories only grow, so a save inserts just {@code snapshot.resultsFrom(stored)}: at step 700
 *       it writes one row, as at step 7.
 *   <li><b>Versions never go down.</b> The save runs in one transaction that first locks the work
 *       order's version row ({@code SELECT ... FOR UPDATE}); a concurrent writer waits for it, then
 *       sees the new version and ignores its own older snapshot. The version row is updated in the
 *       same transaction as the rows it covers, so either both are visible or neither.
 *   <li><b>Readers get a consistent snapshot without waiting.</b> {@link #find} is a single
 *       statement joining the version row with the rows below that version; both databases run a
 *       statement on one MVCC snapshot, so a reader sees a whole committed save and never blocks
 *       on a writer's lock.
 * </ul>
 *
 * <p><b>Durable when the database is.</b> {@code save} returns once its transaction has committed,
 * so a save survives a crash exactly when the database's commits do: PostgreSQL's default
 * ({@code synchronous_commit=on}) does; embedded H2 needs {@code WRITE_DELAY=0} in its URL, or it
 * acknowledges commits up to half a second before they reach the file.
 *
 * <p><b>Fenced saves</b> ({@link #save(StepHistory, Lease)}) check the lease that {@link
 * JdbcWorkOrderRepository} keeps on the work order's row, in the same transaction as the write.
 *
 * <p>This class is thread-safe; it holds no state besides the {@link DataSource}.
 */
public final class JdbcStepHistoryRepository implements StepHistoryRepository {
  /** The version stored for a work order whose row exists but whose first save has not committed. */
  private static final long NEVER_SAVED = -1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> DATA_TYPE = new TypeReference<>() {};

  private static final String LOCK_VERSION =
      "SELECT version FROM awo_step_histories WHERE work_order_id = ? FOR UPDATE";
  private static final String CREATE_VERSION_ROW =
      "INSERT INTO awo_step_histories (work_order_id, version) VALUES (?, " + NEVER_SAVED + ")";
  private static final String UPDATE_VERSION =
      "UPDATE awo_step_histories SET version = ? WHERE work_order_id = ? AND version = ?";
  private static final String INSERT_RESULT = """
      INSERT INTO awo_step_results (work_order_id, seq, step, agent_name, outcome, output, error_message,
        started_at_ns, duration_ns, attempt, session_id, cost_usd, input_tokens, output_tokens,
        cache_creation_tokens, cache_read_tokens, turns, data_json, head_commit)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
  private static final String FIND = """
      SELECT h.version, r.*
      FROM awo_step_histories h
      LEFT JOIN awo_step_results r ON r.work_order_id = h.work_order_id AND r.seq < h.version
      WHERE h.work_order_id = ?
      ORDER BY r.seq""";

  private final DataSource dataSource;

  /**
   * A repository over {@code dataSource}, whose tables must exist: run the migrations with Flyway or
   * {@link JdbcSchema#create} first. Nothing is connected until the first call.
   *
   * @param dataSource the host's pool (HikariCP, the application server's, ...)
   */
  public JdbcStepHistoryRepository(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public void save(StepHistory snapshot) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    save(snapshot, (Lease) null, "");
  }

  /**
   * Saves as {@link #save(StepHistory)}, fenced: the transaction first runs the conditional update
   * of {@link JdbcWorkOrderRepository}'s lease row (which holds the row lock until commit, so a
   * concurrent claim waits for this save and then sees it), and rolls back with {@link
   * LeaseLostException} when it matches no row.
   */
  @Override
  public void save(StepHistory snapshot, Lease lease) {
    Objects.requireNonNull(snapshot, "snapshot must not be null");
    Objects.requireNonNull(lease, "lease must not be null");
    lease.requireFor(snapshot.workOrderId());
    save(snapshot, lease, " under the lease of " + lease.owner());
  }

  private void save(StepHistory snapshot, Lease lease, String fencing) {
    String id = snapshot.workOrderId().value();
    String operation = "save the step history of " + id + " at version " + snapshot.version() + fencing;
    for (int attempt = 0; attempt < 2; attempt++) {
      boolean saved = Jdbc.inTransaction(dataSource, operation, connection -> {
        if (lease != null) {
          JdbcLeases.hold(connection, lease);
        }
        OptionalLong stored = lockVersion(connection, id);
        if (stored.isEmpty()) {
          return false; // first save of this work order: create the version row, then try again
        }
        long storedVersion = stored.getAsLong();
        if (storedVersion >= snapshot.version()) {
          return true; // an equal or newer history is stored already: never regress
        }
        int from = (int) Math.max(storedVersion, 0);
        insertResults(connection, id, from, snapshot.resultsFrom(from));
        updateVersion(connection, id, storedVersion, snapshot.version());
        return true;
      });
      if (saved) {
        return;
      }
      createVersionRow(id, operation);
    }
    throw new JdbcStoreException("Could not " + operation + ": its version row vanished while saving");
  }

  @Override
  public Optional<StepHistory> find(WorkOrderId workOrderId) {
    Objects.requireNonNull(workOrderId, "workOrderId must not be null");
    return Jdbc.withConnection(dataSource, "read the step history of " + workOrderId, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(FIND)) {
        statement.setString(1, workOrderId.value());
        try (ResultSet rows = statement.executeQuery()) {
          long version = NEVER_SAVED;
          List<StepResult> results = new ArrayList<>();
          while (rows.next()) {
            version = rows.getLong("version");
            rows.getInt("seq");
            if (!rows.wasNull()) {
              results.add(readResult(rows));
            }
          }
          if (version == NEVER_SAVED) {
            return Optional.empty();
          }
          if (results.size() != version) {
            throw new JdbcStoreException("The stored step history of " + workOrderId + " is damaged: version "
                + version + " but " + results.size() + " result rows");
          }
          return Optional.of(StepHistory.of(workOrderId, results));
        }
      }
    });
  }

  private static OptionalLong lockVersion(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK_VERSION)) {
      statement.setString(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** Inserts the version row in a transaction of its own; a concurrent writer may have won the race. */
  private void createVersionRow(String id, String operation) {
    Jdbc.withConnection(dataSource, operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(CREATE_VERSION_ROW)) {
        statement.setString(1, id);
        statement.executeUpdate();
      } catch (SQLException e) {
        if (!Jdbc.isConstraintViolation(e)) {
          throw e;
        }
      }
      return null;
    });
  }

  private static void updateVersion(Connection connection, String id, long expected, long version) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(UPDATE_VERSION)) {
      statement.setLong(1, version);
      statement.setString(2, id);
      statement.setLong(3, expected);
      if (statement.executeUpdate() != 1) {
        // cannot happen while we hold the row lock; fail loudly rather than store a torn history
        throw new SQLException("the version row of " + id + " changed under its lock", "40001");
      }
    }
  }

  private static void insertResults(Connection connection, String id, int firstSeq, List<StepResult> results)
      throws SQLException {
    if (results.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT_RESULT)) {
      int seq = firstSeq;
      for (StepResult r : results) {
        int c = 1;
        statement.setString(c++, id);
        statement.setInt(c++, seq++);
        statement.setString(c++, r.step());
        statement.setString(c++, r.agentName());
        statement.setString(c++, r.outcome().name());
        statement.setString(c++, r.output());
        statement.setString(c++, r.errorMessage());
        statement.setLong(c++, Jdbc.nanos(r.startedAt()));
        statement.setLong(c++, Jdbc.nanos(r.duration()));
        statement.setInt(c++, r.attempt());
        statement.setString(c++, r.sessionId());
        statement.setString(c++, r.costUsd() == null ? null : r.costUsd().toString());
        TokenUsage tokens = r.tokenUsage();
        Jdbc.setNullableLong(statement, c++, tokens == null ? null : tokens.inputTokens());
        Jdbc.setNullableLong(statement, c++, tokens == null ? null : tokens.outputTokens());
        Jdbc.setNullableLong(statement, c++, tokens == null ? null : tokens.cacheCreationInputTokens());
        Jdbc.setNullableLong(statement, c++, tokens == null ? null : tokens.cacheReadInputTokens());
        Jdbc.setNullableInt(statement, c++, r.turns());
        statement.setString(c++, writeData(r.data()));
        statement.setString(c, r.headCommit());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static StepResult readResult(ResultSet row) throws SQLException {
    Long input = Jdbc.nullableLong(row, "input_tokens");
    TokenUsage tokens = input == null ? null : new TokenUsage(input, row.getLong("output_tokens"),
        row.getLong("cache_creation_tokens"), row.getLong("cache_read_tokens"));
    String cost = row.getString("cost_usd");
    return StepResult.builder(row.getString("step"), Jdbc.instant(row.getLong("started_at_ns")))
        .agentName(row.getString("agent_name"))
        .outcome(StepOutcome.valueOf(row.getString("outcome").toUpperCase(Locale.ROOT)))
        .output(row.getString("output"))
        .errorMessage(row.getString("error_message"))
        .duration(Duration.ofNanos(row.getLong("duration_ns")))
        .attempt(row.getInt("attempt"))
        .sessionId(row.getString("session_id"))
        .costUsd(cost == null ? null : new BigDecimal(cost))
        .tokenUsage(tokens)
        .turns(Jdbc.nullableInt(row, "turns"))
        .data(readData(row.getString("data_json")))
        .headCommit(row.getString("head_commit"))
        .build();
  }

  private static String writeData(Map<String, String> data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new JdbcStoreException("Could not write a step result's data as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, String> readData(String json) {
    try {
      return JSON.readValue(json, DATA_TYPE);
    } catch (JsonProcessingException e) {
      throw new JdbcStoreException("A stored step result's data is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
