package dev.awo.spi.sandbox;

/**
 * Sets up sandboxes. awo-adapters-git implements it with git clones and worktrees.
 *
 * <p>{@link #validate} is called when a work order is submitted, before anything is stored or run,
 * so bad repository URLs are refused at the door; {@link #create} validates again.
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
}
