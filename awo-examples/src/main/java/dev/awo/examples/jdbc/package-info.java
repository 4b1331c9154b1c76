/**
 * A durable store for work orders and step histories over plain JDBC, written the way a host
 * application would write its own: {@link dev.awo.examples.jdbc.JdbcStepHistoryRepository} and
 * {@link dev.awo.examples.jdbc.JdbcWorkOrderRepository}, both proven by the awo-spi contract kit on
 * H2 and PostgreSQL. Copy them into a host and replace {@link
 * dev.awo.examples.jdbc.SimpleConnectionPool} with the host's own pool.
 */
package dev.awo.examples.jdbc;
