/**
 * The contract test kit, shipped as the awo-spi test-jar: extend {@link
 * dev.awo.spi.testkit.StepHistoryRepositoryContract} and {@link
 * dev.awo.spi.testkit.WorkOrderRepositoryContract} with your implementation to prove it honours the
 * persistence contract.
 */
package dev.awo.spi.testkit;
