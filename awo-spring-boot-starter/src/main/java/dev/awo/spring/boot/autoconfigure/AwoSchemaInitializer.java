package dev.awo.spring.boot.autoconfigure;

import dev.awo.store.jdbc.JdbcSchema;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * Creates awo's tables on the application's DataSource before the repositories are used: with
 * Flyway when it is on the class path — awo's own migrations ({@value JdbcSchema#FLYWAY_LOCATION})
 * with their own history table {@value #HISTORY_TABLE}, so they never mix with the application's
 * {@code db/migration} and its {@code flyway_schema_history} — else with {@link JdbcSchema#create}.
 * Both are idempotent. Thread-safe (it runs once, on start).
 */
public final class AwoSchemaInitializer {
  /** Flyway's history table for awo's migrations. */
  public static final String HISTORY_TABLE = "awo_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(AwoSchemaInitializer.class);
  private static final String FLYWAY = "org.flywaydb.core.Flyway";

  private final DataSource dataSource;
  private final boolean enabled;
  private final ClassLoader classLoader;
  private volatile String method = "none";

  /** {@code classLoader} is the application's: Flyway is used when it can load it. */
  AwoSchemaInitializer(DataSource dataSource, boolean enabled, ClassLoader classLoader) {
    this.dataSource = dataSource;
    this.enabled = enabled;
    this.classLoader = classLoader;
  }

  void initialize() {
    if (!enabled) {
      LOG.atInfo().setMessage("awo_schema_initialization_skipped").addKeyValue("property", "awo.store.initialize-schema")
          .log();
      return;
    }
    if (ClassUtils.isPresent(FLYWAY, classLoader)) {
      FlywayMigration.migrate(dataSource, HISTORY_TABLE);
      method = "flyway";
    } else {
      JdbcSchema.create(dataSource);
      method = "jdbc_schema";
    }
    LOG.atInfo().setMessage("awo_schema_initialized").addKeyValue("method", method).log();
  }

  /** How the schema was created: {@code flyway}, {@code jdbc_schema} or {@code none}. */
  public String method() {
    return method;
  }
}
