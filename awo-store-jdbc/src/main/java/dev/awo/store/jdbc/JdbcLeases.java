package dev.awo.store.jdbc;

import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.Lease;
import dev.awo.spi.persistence.LeaseLostException;
import dev.awo.spi.persistence.OwnerId;
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
 * The lease statements of {@link JdbcWorkOrderRepository}, on the lease columns of {@code
 * awo_work_orders} (schema V4): each operation is one conditional {@code UPDATE} in auto-commit, and
 * its update count says whether it won. Thread-safe (holds only the {@link DataSource}).
 */
final class JdbcLeases {
  private static final String LIVE = "status IN ('pending', 'running', 'waiting')";
  private static final String FREE = "(lease_expires_at_ns IS NULL OR lease_expires_at_ns <= ?)";
  private static final String CLAIM = "UPDATE awo_work_orders SET lease_owner = ?, lease_version = ?, "
      + "lease_expires_at_ns = ? WHERE id = ? AND lease_version = ? AND " + FREE + " AND " + LIVE;
  private static final String EXTEND = "UPDATE awo_work_orders SET lease_expires_at_ns = ? "
      + "WHERE id = ? AND lease_owner = ? AND lease_version = ?";
  /** Locks the row until commit when the lease is held; a claim waits for that transaction. */
  static final String HOLD = "UPDATE awo_work_orders SET lease_version = lease_version "
      + "WHERE id = ? AND lease_owner = ? AND lease_version = ?";
  private static final String FIND = "SELECT lease_owner, lease_version, lease_expires_at_ns FROM awo_work_orders "
      + "WHERE id = ?";
  private static final String CLAIMABLE = "SELECT id FROM awo_work_orders WHERE " + LIVE + " AND " + FREE
      + " ORDER BY created_at_ns, id";

  private final DataSource dataSource;

  JdbcLeases(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Optional<Lease> find(WorkOrderId id) {
    Objects.requireNonNull(id, "workOrderId must not be null");
    return Jdbc.withConnection(dataSource, "read the lease of " + id, connection -> read(connection, id));
  }

  Optional<Lease> claim(WorkOrderId id, OwnerId owner, long expectedVersion, Instant now, Duration timeout) {
    Objects.requireNonNull(id, "workOrderId must not be null");
    Objects.requireNonNull(owner, "owner must not be null");
    Objects.requireNonNull(now, "now must not be null");
    Objects.requireNonNull(timeout, "timeout must not be null");
    Lease granted = new Lease(id, owner, expectedVersion + 1, now.plus(timeout));
    int updated = Jdbc.withConnection(dataSource, "claim work order " + id, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
        statement.setString(1, owner.value());
        statement.setLong(2, granted.version());
        statement.setLong(3, Jdbc.nanos(granted.expiresAt()));
        statement.setString(4, id.value());
        statement.setLong(5, expectedVersion);
        statement.setLong(6, Jdbc.nanos(now));
        return statement.executeUpdate();
      }
    });
    return updated == 1 ? Optional.of(granted) : Optional.empty();
  }

  Optional<Lease> renew(Lease lease, Instant now, Duration timeout) {
    Objects.requireNonNull(now, "now must not be null");
    Objects.requireNonNull(timeout, "timeout must not be null");
    Lease renewed = Objects.requireNonNull(lease, "lease must not be null").until(now.plus(timeout));
    return extend(lease, renewed.expiresAt(), "renew") ? Optional.of(renewed) : Optional.empty();
  }

  boolean release(Lease lease, Instant now) {
    Objects.requireNonNull(lease, "lease must not be null");
    return extend(lease, Objects.requireNonNull(now, "now must not be null"), "release");
  }

  List<WorkOrderId> claimable(Instant now, int limit) {
    Objects.requireNonNull(now, "now must not be null");
    if (limit <= 0) {
      return List.of();
    }
    return Jdbc.withConnection(dataSource, "list claimable work orders", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(CLAIMABLE)) {
        statement.setLong(1, Jdbc.nanos(now));
        statement.setMaxRows(limit);
        try (ResultSet rows = statement.executeQuery()) {
          List<WorkOrderId> ids = new ArrayList<>();
          while (rows.next()) {
            ids.add(WorkOrderId.of(rows.getString(1)));
          }
          return List.copyOf(ids);
        }
      }
    });
  }

  /**
   * Runs {@link #HOLD} on {@code connection} (inside the caller's transaction): afterwards the row is
   * locked until the transaction ends, so no claim can come between this check and the commit.
   *
   * @throws LeaseLostException when the lease is not held
   */
  static void hold(Connection connection, Lease lease) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(HOLD)) {
      statement.setString(1, lease.workOrderId().value());
      statement.setString(2, lease.owner().value());
      statement.setLong(3, lease.version());
      if (statement.executeUpdate() == 0) {
        throw new LeaseLostException(lease, describe(read(connection, lease.workOrderId())));
      }
    }
  }

  /** The exception for a fenced write that updated nothing, naming what the store holds now. */
  LeaseLostException lost(Lease lease) {
    return new LeaseLostException(lease, describe(find(lease.workOrderId())));
  }

  private boolean extend(Lease lease, Instant until, String operation) {
    int updated = Jdbc.withConnection(dataSource, operation + " the lease of " + lease.workOrderId(), connection -> {
      try (PreparedStatement statement = connection.prepareStatement(EXTEND)) {
        statement.setLong(1, Jdbc.nanos(until));
        statement.setString(2, lease.workOrderId().value());
        statement.setString(3, lease.owner().value());
        statement.setLong(4, lease.version());
        return statement.executeUpdate();
      }
    });
    return updated == 1;
  }

  private static Optional<Lease> read(Connection connection, WorkOrderId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FIND)) {
      statement.setString(1, id.value());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next() || row.getString("lease_owner") == null) {
          return Optional.empty();
        }
        return Optional.of(new Lease(id, OwnerId.of(row.getString("lease_owner")), row.getLong("lease_version"),
            Jdbc.instant(row.getLong("lease_expires_at_ns"))));
      }
    }
  }

  private static String describe(Optional<Lease> current) {
    return current.map(l -> "owner " + l.owner() + " at version " + l.version()).orElse("no lease");
  }
}
