/**
 * Helpers for everyone who writes against the SPI: {@link dev.awo.spi.Arguments}, the one
 * convention for checking arguments. The ports live in the subpackages.
 */
package dev.awo.spi;
