package dev.awo.spi.process;

import java.time.Duration;

/**
 * How a process ended. Captured output is redacted and capped (see {@link ProcessSpec}).
 *
 * @param exitCode the exit code, or -1 when the process was killed before it exited by itself
 * @param stdout captured standard output, redacted and capped
 * @param stderr captured standard error, redacted and capped
 * @param duration wall-clock time from start to end
 * @param timedOut the process ran past its timeout and its tree was killed
 * @param interrupted the calling thread was interrupted and the tree was killed
 */
public record ProcessResult(
    int exitCode, String stdout, String stderr, Duration duration, boolean timedOut, boolean interrupted) {

  /** Exited by itself with code 0. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && !interrupted;
  }

  /** A one-line account for error messages: exit code or timeout, and the start of stderr. */
  public String describe() {
    String how = timedOut ? "timed out after " + duration.toMillis() + " ms"
        : interrupted ? "was interrupted" : "exited with code " + exitCode;
    String err = stderr == null ? "" : stderr.strip();
    if (err.length() > 500) {
      err = err.substring(0, 500) + "...";
    }
    return err.isEmpty() ? how : how + ": " + err;
  }
}
