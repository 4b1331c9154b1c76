/**
 * The domain values every part of awo speaks: {@link dev.awo.domain.WorkOrder}, {@link
 * dev.awo.domain.StepResult}, {@link dev.awo.domain.StepHistory}, their enums, and the exception
 * hierarchy rooted at {@link dev.awo.domain.AwoException}. All values are immutable records
 * validated when built.
 */
package dev.awo.domain;
