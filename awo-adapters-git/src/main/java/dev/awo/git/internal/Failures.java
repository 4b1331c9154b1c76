package dev.awo.git.internal;

import dev.awo.domain.AwoException;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitRepositoryUrl;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.SandboxException;

/** Turns set-up failures into one {@link SandboxException} that says what was being done. */
final class Failures {
  private Failures() {}

  static SandboxException setUp(String kind, WorkOrderId id, GitRepositoryUrl url, RuntimeException cause) {
    if (cause instanceof dev.awo.domain.InvalidInputException) {
      throw cause;
    }
    String reason = cause instanceof AwoException ? cause.getMessage() : String.valueOf(cause);
    return new SandboxException("could not set up the " + kind + " sandbox of " + id + " from "
        + url.redacted() + ": " + Redactor.of(url.secrets()).redact(reason), cause);
  }
}
