/**
 * The process runner shared by every CLI adapter: {@link dev.awo.spi.process.ProcessRunner} runs a
 * {@link dev.awo.spi.process.ProcessSpec} with an argument vector, a controlled environment, live
 * redacted line output, bounded buffering and a timeout that kills the process tree.
 */
package dev.awo.spi.process;
