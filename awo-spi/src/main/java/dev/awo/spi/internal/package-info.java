/** Implementation helpers shared by the SPI's types. No compatibility promise. */
package dev.awo.spi.internal;
