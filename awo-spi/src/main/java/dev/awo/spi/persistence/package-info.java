/**
 * Persistence ports the host implements against its own database: {@link
 * dev.awo.spi.persistence.StepHistoryRepository}, {@link dev.awo.spi.persistence.WorkOrderRepository}
 * and {@link dev.awo.spi.persistence.ConfiguredRepositoryRepository}. Prove an implementation with
 * the contract kit in the awo-spi test-jar ({@code dev.awo.spi.testkit}).
 */
package dev.awo.spi.persistence;
