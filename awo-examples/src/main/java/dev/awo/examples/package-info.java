/**
 * The example runner: {@link dev.awo.examples.AwoRunner} (the main class of {@code
 * awo-examples.jar}), its options ({@link dev.awo.examples.RunnerOptions}) and its wiring of the
 * adapters ({@link dev.awo.examples.RunnerWiring}). Runs one work order and shows every step the
 * moment it is saved.
 */
package dev.awo.examples;
