package dev.awo.spi.sandbox;

import dev.awo.domain.WorkOrderId;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sets up sandboxes. awo-adapters-git implements it with git clones and worktrees.
 *
 * <p>{@link #validate} is called when a work order is submitted, before anything is stored or run,
 * so bad repository URLs are refused at the door; {@link #create} validates again.
 *
 * <p>After a crash, {@link #recover} takes up the sandbox a dead process left (the orchestrator's
 * {@code recover()} calls it for every work order it resumes), and {@link #reclaimAbandoned(Predicate)}
 * then removes what is left of dead processes, sparing the sandboxes of work orders that are not
 * over (another JVM or worker may still take them over). A factory that cannot do either keeps the defaults: no
 * sandbox is recovered, so a work order whose saved steps changed its sandbox fails with a reason
 * rather than going on without its work.
 *
 * <p>Implementations must be thread-safe: many work orders set up sandboxes at once.
 */
public interface SandboxFactory {

  /**
   * Refuses a request this factory cannot or must not serve (dangerous URL, unsupported type) with
   * an {@link dev.awo.domain.InvalidInputException}, without side effects.
   */
  default void validate(SandboxRequest request) {}

  /** Sets up a sandbox; on failure leaves nothing behind and throws {@link SandboxException}. */
  Sandbox create(SandboxRequest request);

  /**
   * Takes up the sandbox of a work order whose orchestrator died. Re-attaches the sandbox it left
   * when that still exists, belongs to a process that no longer runs and is {@linkplain
   * SandboxRecovery#consistentWith consistent} with the last saved step (its head at the recorded
   * commit), making this process its owner; else, when the work order's branch was pushed, sets up
   * a new sandbox checked out at that branch, again only if its head is the recorded one. Anything
   * inconsistent found on the way is removed. Empty when neither works: the work is lost.
   *
   * @throws SandboxException when the sandbox is still owned by a running process, or cannot be read
   */
  default Optional<RecoveredSandbox> recover(SandboxRecovery recovery) {
    return Optional.empty();
  }

  /**
   * Removes sandboxes left behind by processes that no longer run; sandboxes of running processes,
   * this one included, are never touched. Returns how many were removed. The same as {@link
   * #reclaimAbandoned(Predicate)} sparing nothing: for a host that knows no work order still needs
   * a dead process's sandbox.
   */
  default int reclaimAbandoned() {
    return 0;
  }

  /**
   * Removes sandboxes left behind by processes that no longer run, except those of the work orders
   * {@code stillNeeded} accepts: work orders that are not over, whose sandbox a take-over may still
   * re-attach (another JVM's lease has not lapsed yet, or another worker is about to move the run
   * there). Sandboxes of running processes, this one included, are never touched. Returns how many
   * were removed. awo calls it when an orchestrator recovers and when a Temporal worker starts,
   * after {@link #recover}, so that sandboxes being taken up are not removed.
   *
   * <p>The default removes nothing, which never loses work; a factory that reclaims overrides both
   * methods.
   */
  default int reclaimAbandoned(Predicate<WorkOrderId> stillNeeded) {
    return 0;
  }
}
