/** The sandbox port: where an agent works, set up and cleaned up per work order. */
package dev.awo.spi.sandbox;
