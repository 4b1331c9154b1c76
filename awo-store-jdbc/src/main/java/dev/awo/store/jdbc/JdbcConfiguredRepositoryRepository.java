package dev.awo.store.jdbc;

import dev.awo.domain.SandboxType;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Configured repositories in a relational database, one row each (migration {@code
 * V2__configured_repositories.sql}); a UNIQUE constraint on the URL refuses a duplicate even between
 * concurrent writers.
 *
 * <pre>{@code
 * ConfiguredRepositoryRepository repositories = new JdbcConfiguredRepositoryRepository(dataSource);
 * }</pre>
 *
 * <p>This class is thread-safe; it holds no state besides the {@link DataSource}.
 */
public final class JdbcConfiguredRepositoryRepository implements ConfiguredRepositoryRepository {
  private static final String COLUMNS = "repository_url, display_name, owner, name, default_branch, "
      + "default_sandbox_type, default_workflow, created_at_ns, verified_at_ns";
  private static final String UPDATE = "UPDATE awo_configured_repositories SET repository_url = ?, display_name = ?, "
      + "owner = ?, name = ?, default_branch = ?, default_sandbox_type = ?, default_workflow = ?, created_at_ns = ?, "
      + "verified_at_ns = ? WHERE id = ?";
  private static final String INSERT = "INSERT INTO awo_configured_repositories (" + COLUMNS + ", id) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT = "SELECT id, " + COLUMNS + " FROM awo_configured_repositories";

  private final DataSource dataSource;

  /**
   * A repository over {@code dataSource}, whose tables must exist (Flyway or {@link JdbcSchema#create}).
   *
   * @param dataSource the host's pool
   */
  public JdbcConfiguredRepositoryRepository(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public void save(ConfiguredRepository repository) {
    Objects.requireNonNull(repository, "repository must not be null");
    Jdbc.withConnection(dataSource, "save configured repository " + repository.id(), connection -> {
      try {
        if (write(connection, UPDATE, repository) == 0) {
          write(connection, INSERT, repository);
        }
      } catch (SQLException e) {
        if (!Jdbc.isConstraintViolation(e)) {
          throw e;
        }
        Optional<ConfiguredRepository> sameUrl = findByUrl(repository.repositoryUrl());
        if (sameUrl.isPresent() && !sameUrl.get().id().equals(repository.id())) {
          throw new DuplicateRepositoryException(repository.repositoryUrl(), sameUrl.get().id());
        }
        write(connection, UPDATE, repository); // another writer inserted this id first
      }
      return null;
    });
  }

  @Override
  public Optional<ConfiguredRepository> find(String id) {
    Objects.requireNonNull(id, "id must not be null");
    return query("read configured repository " + id, SELECT + " WHERE id = ?", id).stream().findFirst();
  }

  @Override
  public Optional<ConfiguredRepository> findByUrl(String repositoryUrl) {
    Objects.requireNonNull(repositoryUrl, "repositoryUrl must not be null");
    return query("find configured repository by URL", SELECT + " WHERE repository_url = ?", repositoryUrl)
        .stream().findFirst();
  }

  @Override
  public List<ConfiguredRepository> list() {
    return query("list configured repositories", SELECT + " ORDER BY created_at_ns, id", null);
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id must not be null");
    return Jdbc.withConnection(dataSource, "delete configured repository " + id, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "DELETE FROM awo_configured_repositories WHERE id = ?")) {
        statement.setString(1, id);
        return statement.executeUpdate() > 0;
      }
    });
  }

  private List<ConfiguredRepository> query(String operation, String sql, String parameter) {
    return Jdbc.withConnection(dataSource, operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        if (parameter != null) {
          statement.setString(1, parameter);
        }
        try (ResultSet rows = statement.executeQuery()) {
          List<ConfiguredRepository> found = new ArrayList<>();
          while (rows.next()) {
            found.add(new ConfiguredRepository(rows.getString("id"), rows.getString("repository_url"),
                rows.getString("display_name"), rows.getString("owner"), rows.getString("name"),
                rows.getString("default_branch"), SandboxType.fromWireName(rows.getString("default_sandbox_type")),
                rows.getString("default_workflow"), Jdbc.instant(rows.getLong("created_at_ns")),
                Jdbc.instant(rows.getLong("verified_at_ns"))));
          }
          return List.copyOf(found);
        }
      }
    });
  }

  /** Runs the UPDATE or the INSERT: both take the columns in {@link #COLUMNS} order, then the id. */
  private static int write(Connection connection, String sql, ConfiguredRepository r) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int c = 1;
      statement.setString(c++, r.repositoryUrl());
      statement.setString(c++, r.displayName());
      statement.setString(c++, r.owner());
      statement.setString(c++, r.name());
      statement.setString(c++, r.defaultBranch());
      statement.setString(c++, r.defaultSandboxType().wireName());
      statement.setString(c++, r.defaultWorkflow());
      statement.setLong(c++, Jdbc.nanos(r.createdAt()));
      statement.setLong(c++, Jdbc.nanos(r.verifiedAt()));
      statement.setString(c, r.id());
      return statement.executeUpdate();
    }
  }
}
