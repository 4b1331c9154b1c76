/**
 * The JDBC store: {@link dev.awo.store.jdbc.JdbcStepHistoryRepository} and {@link
 * dev.awo.store.jdbc.JdbcWorkOrderRepository} over the host's {@link javax.sql.DataSource}, tested
 * with the awo-testkit contract kits on H2 and PostgreSQL. The tables come from versioned SQL
 * migrations in the jar ({@code db/awo/V1__awo_schema.sql}), run by Flyway or by {@link
 * dev.awo.store.jdbc.JdbcSchema#create}. A step-history save appends only the new results, in one
 * transaction, so it costs the same at step 7 as at step 7000.
 */
package dev.awo.store.jdbc;
