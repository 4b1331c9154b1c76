/**
 * The runner's durable store: {@link dev.awo.examples.jdbc.JdbcStore} opens a HikariCP pool for the
 * {@code --store jdbc:...} URL and puts the awo-store-jdbc repositories on it.
 */
package dev.awo.examples.jdbc;
