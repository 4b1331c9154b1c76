/**
 * Persistence ports the host implements against its own database: {@link
 * dev.awo.spi.persistence.StepHistoryRepository}, {@link dev.awo.spi.persistence.WorkOrderRepository}
 * and {@link dev.awo.spi.persistence.ConfiguredRepositoryRepository}, and {@link
 * dev.awo.spi.persistence.WorkOrderLeases} for several orchestrators sharing one store (owners,
 * leases with a fencing version, stale writers refused with {@link
 * dev.awo.spi.persistence.LeaseLostException}). Prove an implementation with
 * the contract kits of the awo-testkit module ({@code dev.awo.testkit.contract}); awo-store-jdbc is a
 * ready JDBC implementation.
 */
package dev.awo.spi.persistence;
