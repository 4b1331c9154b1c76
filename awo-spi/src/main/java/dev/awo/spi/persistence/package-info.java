/**
 * Persistence ports the host implements against its own database: {@link
 * dev.awo.spi.persistence.StepHistoryRepository} and {@link dev.awo.spi.persistence.WorkOrderRepository}.
 * Prove an implementation with the contract kits of the awo-testkit module ({@code
 * dev.awo.testkit.contract}); awo-store-jdbc is a ready JDBC implementation.
 */
package dev.awo.spi.persistence;
