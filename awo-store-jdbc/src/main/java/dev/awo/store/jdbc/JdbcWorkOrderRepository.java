package dev.awo.store.jdbc;

import dev.awo.domain.DiffStats;
import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.OwnerId;
import dev.awo.spi.persistence.WorkOrderLeases;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Work orders in a relational database, one row each (see {@link JdbcSchema}).
 *
 * <pre>{@code
 * WorkOrderRepository workOrders = new JdbcWorkOrderRepository(dataSource);   // after JdbcSchema.create or Flyway
 * WorkflowOrchestrator.builder().workOrderRepository(workOrders)...
 * }</pre>
 *
 * <p>{@link #create} is a plain {@code INSERT}: the primary key refuses a second row of one id, also
 * when two orchestrators insert it at the same moment, and that refusal answers {@code false}
 * without changing the stored row (the orchestrator writes every first row so). {@link #save} is an
 * update, or an insert when no row was updated; portable SQL has no upsert, and the race of two
 * first saves of one id ends in an update. The orchestrator writes each work order from one thread
 * at a time, so last-writer-wins is right for the saves after the first.
 * A unique index on the idempotency key refuses a second work order with one key ({@link
 * DuplicateIdempotencyKeyException}), also when two orchestrators insert at the same moment.
 *
 * <p>It is also the store's {@link WorkOrderLeases}: the lease is three columns of the work order's
 * row (schema V4), and every lease operation and every fenced save is one conditional {@code UPDATE}
 * of that row (see {@link WorkOrderLeases} for the statements). A fenced save that updates no row
 * throws {@link LeaseLostException}.
 *
 * <p>This class is thread-safe; it holds no state besides the {@link DataSource}.
 */
public final class JdbcWorkOrderRepository implements WorkOrderRepository, WorkOrderLeases {
  private static final String COLUMNS = "repository_url, user_request, issue_number, sandbox_type, workflow, status, "
      + "current_step, branch_name, pr_url, error_message, base_commit, head_commit, files_changed, lines_added, "
      + "lines_removed, sandbox_path, created_at_ns, updated_at_ns, idempotency_key, budget_max_cost_usd, "
      + "budget_max_turns";
  private static final String UPDATE = "UPDATE awo_work_orders SET repository_url = ?, user_request = ?, "
      + "issue_number = ?, sandbox_type = ?, workflow = ?, status = ?, current_step = ?, branch_name = ?, pr_url = ?, "
      + "error_message = ?, base_commit = ?, head_commit = ?, files_changed = ?, lines_added = ?, lines_removed = ?, "
      + "sandbox_path = ?, created_at_ns = ?, updated_at_ns = ?, idempotency_key = ?, budget_max_cost_usd = ?, "
      + "budget_max_turns = ? WHERE id = ?";
  private static final String FENCED_UPDATE = UPDATE + " AND lease_owner = ? AND lease_version = ?";
  private static final String INSERT = "INSERT INTO awo_work_orders (" + COLUMNS + ", id) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT = "SELECT id, " + COLUMNS + " FROM awo_work_orders";
  private static final String ORDER = " ORDER BY created_at_ns, id";

  private final DataSource dataSource;
  private final JdbcLeases leases;

  /**
   * A repository over {@code dataSource}, whose tables must exist: run the migrations with Flyway or
   * {@link JdbcSchema#create} first. Nothing is connected until the first call.
   *
   * @param dataSource the host's pool (HikariCP, the application server's, ...)
   */
  public JdbcWorkOrderRepository(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.leases = new JdbcLeases(dataSource);
  }

  @Override
  public void save(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    Jdbc.withConnection(dataSource, "save work order " + workOrder.id(), connection -> {
      try {
        if (write(connection, UPDATE, workOrder, null) == 0) {
          insert(connection, workOrder);
        }
      } catch (SQLException e) {
        throw duplicateKeyOr(connection, workOrder, e);
      }
      return null;
    });
  }

  @Override
  public boolean create(WorkOrder workOrder) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    return Jdbc.withConnection(dataSource, "create work order " + workOrder.id(), connection -> {
      try {
        write(connection, INSERT, workOrder, null);
        return true;
      } catch (SQLException e) {
        if (Jdbc.isConstraintViolation(e) && exists(connection, workOrder.id())) {
          return false; // the id is taken: the row stays as it is
        }
        throw duplicateKeyOr(connection, workOrder, e);
      }
    });
  }

  private static boolean exists(Connection connection, WorkOrderId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM awo_work_orders WHERE id = ?")) {
      statement.setString(1, id.value());
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  @Override
  public void save(WorkOrder workOrder, Lease lease) {
    Objects.requireNonNull(workOrder, "workOrder must not be null");
    Objects.requireNonNull(lease, "lease must not be null");
    lease.requireFor(workOrder.id());
    int updated = Jdbc.withConnection(dataSource, "save work order " + workOrder.id(), connection -> {
      try {
        return write(connection, FENCED_UPDATE, workOrder, lease);
      } catch (SQLException e) {
        throw duplicateKeyOr(connection, workOrder, e);
      }
    });
    if (updated == 0) {
      throw leases.lost(lease);
    }
  }

  private static void insert(Connection connection, WorkOrder workOrder) throws SQLException {
    try {
      write(connection, INSERT, workOrder, null);
    } catch (SQLException e) {
      if (!Jdbc.isConstraintViolation(e) || keyHolder(connection, workOrder).isPresent()) {
        throw e;
      }
      write(connection, UPDATE, workOrder, null); // another writer inserted it first
    }
  }

  /** The exception for a failed write: a duplicate key when another work order holds the key, else {@code e}. */
  private static SQLException duplicateKeyOr(Connection connection, WorkOrder workOrder, SQLException e)
      throws SQLException {
    if (Jdbc.isConstraintViolation(e)) {
      Optional<WorkOrderId> holder = keyHolder(connection, workOrder);
      if (holder.isPresent()) {
        throw new DuplicateIdempotencyKeyException(workOrder.id(), holder.get());
      }
    }
    return e;
  }

  /** The other work order holding {@code workOrder}'s idempotency key, if any. */
  private static Optional<WorkOrderId> keyHolder(Connection connection, WorkOrder workOrder) throws SQLException {
    if (workOrder.idempotencyKey() == null) {
      return Optional.empty();
    }
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT id FROM awo_work_orders WHERE idempotency_key = ? AND id <> ?")) {
      statement.setString(1, workOrder.idempotencyKey().value());
      statement.setString(2, workOrder.id().value());
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(WorkOrderId.of(row.getString(1))) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<WorkOrder> findByIdempotencyKey(IdempotencyKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return query("read the work order of an idempotency key", SELECT + " WHERE idempotency_key = ?", key.value())
        .stream().findFirst();
  }

  @Override
  public Optional<Lease> lease(WorkOrderId workOrderId) {
    return leases.find(workOrderId);
  }

  @Override
  public Optional<Lease> claim(WorkOrderId workOrderId, OwnerId owner, long expectedVersion, Instant now,
      Duration timeout) {
    return leases.claim(workOrderId, owner, expectedVersion, now, timeout);
  }

  @Override
  public Optional<Lease> renew(Lease lease, Instant now, Duration timeout) {
    return leases.renew(lease, now, timeout);
  }

  @Override
  public boolean release(Lease lease, Instant now) {
    return leases.release(lease, now);
  }

  @Override
  public List<WorkOrderId> claimable(Instant now, int limit) {
    return leases.claimable(now, limit);
  }

  @Override
  public Optional<WorkOrder> find(WorkOrderId id) {
    Objects.requireNonNull(id, "id must not be null");
    List<WorkOrder> found = query("read work order " + id, SELECT + " WHERE id = ?", id.value());
    return found.stream().findFirst();
  }

  @Override
  public List<WorkOrder> list() {
    return query("list work orders", SELECT + ORDER, null);
  }

  @Override
  public List<WorkOrder> list(WorkOrderStatus status) {
    Objects.requireNonNull(status, "status must not be null");
    return query("list " + status.wireName() + " work orders", SELECT + " WHERE status = ?" + ORDER, status.wireName());
  }

  private List<WorkOrder> query(String operation, String sql, String parameter) {
    return Jdbc.withConnection(dataSource, operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        if (parameter != null) {
          statement.setString(1, parameter);
        }
        try (ResultSet rows = statement.executeQuery()) {
          List<WorkOrder> orders = new ArrayList<>();
          while (rows.next()) {
            orders.add(read(rows));
          }
          return List.copyOf(orders);
        }
      }
    });
  }

  /**
   * Runs the UPDATE or the INSERT: both take the columns in {@link #COLUMNS} order, then the id, then
   * (fenced update) the lease's owner and version.
   */
  private static int write(Connection connection, String sql, WorkOrder o, Lease lease) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int c = 1;
      statement.setString(c++, o.repositoryUrl());
      statement.setString(c++, o.userRequest());
      Jdbc.setNullableInt(statement, c++, o.issueNumber());
      statement.setString(c++, o.sandboxType().wireName());
      statement.setString(c++, o.workflow());
      statement.setString(c++, o.status().wireName());
      statement.setString(c++, o.currentStep());
      statement.setString(c++, o.branchName());
      statement.setString(c++, o.prUrl());
      statement.setString(c++, o.errorMessage());
      statement.setString(c++, o.baseCommit());
      statement.setString(c++, o.headCommit());
      DiffStats diff = o.diffStats();
      Jdbc.setNullableInt(statement, c++, diff == null ? null : diff.filesChanged());
      Jdbc.setNullableLong(statement, c++, diff == null ? null : diff.linesAdded());
      Jdbc.setNullableLong(statement, c++, diff == null ? null : diff.linesRemoved());
      statement.setString(c++, o.sandboxPath());
      statement.setLong(c++, Jdbc.nanos(o.createdAt()));
      statement.setLong(c++, Jdbc.nanos(o.updatedAt()));
      statement.setString(c++, o.idempotencyKey() == null ? null : o.idempotencyKey().value());
      statement.setString(c++, o.maxCostUsd() == null ? null : o.maxCostUsd().toPlainString());
      Jdbc.setNullableInt(statement, c++, o.maxTurns());
      statement.setString(c++, o.id().value());
      if (lease != null) {
        statement.setString(c++, lease.owner().value());
        statement.setLong(c, lease.version());
      }
      return statement.executeUpdate();
    }
  }

  private static WorkOrder read(ResultSet row) throws SQLException {
    Integer filesChanged = Jdbc.nullableInt(row, "files_changed");
    DiffStats diff = filesChanged == null ? null
        : new DiffStats(filesChanged, row.getLong("lines_added"), row.getLong("lines_removed"));
    String key = row.getString("idempotency_key");
    String maxCost = row.getString("budget_max_cost_usd");
    return WorkOrder.builder(WorkOrderId.of(row.getString("id")), row.getString("repository_url"),
            row.getString("user_request"))
        .issueNumber(Jdbc.nullableInt(row, "issue_number"))
        .sandboxType(SandboxType.fromWireName(row.getString("sandbox_type")))
        .workflow(row.getString("workflow"))
        .status(WorkOrderStatus.fromWireName(row.getString("status")))
        .currentStep(row.getString("current_step"))
        .branchName(row.getString("branch_name"))
        .prUrl(row.getString("pr_url"))
        .errorMessage(row.getString("error_message"))
        .baseCommit(row.getString("base_commit"))
        .headCommit(row.getString("head_commit"))
        .diffStats(diff)
        .sandboxPath(row.getString("sandbox_path"))
        .createdAt(Jdbc.instant(row.getLong("created_at_ns")))
        .updatedAt(Jdbc.instant(row.getLong("updated_at_ns")))
        .idempotencyKey(key == null ? null : IdempotencyKey.of(key))
        .maxCostUsd(maxCost == null ? null : new BigDecimal(maxCost))
        .maxTurns(Jdbc.nullableInt(row, "budget_max_turns"))
        .build();
  }
}
