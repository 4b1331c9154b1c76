/**
 * The repository contract kits: abstract JUnit 5 classes that a host's own repository test extends,
 * supplying only the repository, to prove it honours the persistence contract of {@link
 * dev.awo.spi.persistence}. {@link dev.awo.testkit.contract.StepHistoryRepositoryContract} and {@link
 * dev.awo.testkit.contract.WorkOrderRepositoryContract} group their tests by theme; {@link
 * dev.awo.testkit.contract.TestValues} and {@link dev.awo.testkit.contract.KitAssertions} are there
 * for a host's further tests. (Before awo-testkit these lived in the awo-spi test-jar as {@code
 * dev.awo.spi.testkit}.)
 */
package dev.awo.testkit.contract;
