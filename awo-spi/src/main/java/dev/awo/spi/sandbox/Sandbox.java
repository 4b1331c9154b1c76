package dev.awo.spi.sandbox;

import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrderId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An isolated checkout where one work order's agent works. Created set up by a {@link
 * SandboxFactory}; the orchestrator cleans it up when the run ends, on every path.
 *
 * <p>The library never creates the work branch: the agent does, and the sandbox reports it.
 *
 * <p>Implementations must be safe to call from the thread running the work order and, for {@link
 * #cleanUp()}, from a thread cancelling it. {@code cleanUp} is idempotent.
 */
public interface Sandbox {

  WorkOrderId workOrderId();

  /** The absolute directory the agent works in. */
  Path workingDirectory();

  /** The head commit recorded when the sandbox was set up. */
  String baseCommit();

  /** The branch checked out now, or empty on a detached head. */
  Optional<String> currentBranch();

  /** The commit checked out now. */
  String headCommit();

  /** What changed between {@link #baseCommit()} and {@link #headCommit()}, as git counts it. */
  DiffStats diffStats();

  /** Commits every change in the working tree; returns the new commit, or empty if nothing changed. */
  Optional<String> commitAll(String message);

  /** Pushes {@code branch} to the repository the sandbox came from. */
  void pushBranch(String branch);

  /** Removes the sandbox and everything in it. Idempotent. */
  void cleanUp();
}
