package dev.awo.git.internal;

import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;

/**
 * Starts one git process. In production this is {@link ProcessRunner}; tests wrap it to count the
 * processes started (for example to prove that bad input starts none).
 */
@FunctionalInterface
public interface GitProcessLauncher {
  ProcessResult run(ProcessSpec spec);

  /** The shared process runner of awo-spi. */
  static GitProcessLauncher processRunner() {
    ProcessRunner runner = ProcessRunner.create();
    return runner::run;
  }
}
