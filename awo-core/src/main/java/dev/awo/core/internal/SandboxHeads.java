package dev.awo.core.internal;

import dev.awo.spi.sandbox.Sandbox;
import java.util.regex.Pattern;

/**
 * Reads the commit a sandbox has checked out, to record with each step's result so that recovery
 * after a crash can tell whether the sandbox it finds is the one the saved steps left. Stateless.
 */
final class SandboxHeads {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,64}");

  private SandboxHeads() {}

  /** The head commit of {@code sandbox}, or null when there is none or it cannot be read. */
  static String headOf(Sandbox sandbox) {
    if (sandbox == null) {
      return null;
    }
    try {
      String head = sandbox.headCommit();
      return head != null && COMMIT.matcher(head).matches() ? head : null;
    } catch (RuntimeException e) {
      return null; // a sandbox cleaned up by cancellation, or git unable to answer: nothing to record
    }
  }
}
