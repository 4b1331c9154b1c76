package dev.awo.core;

/**
 * An approval or rejection came for a human gate that has already been decided: each gate takes
 * exactly one decision, the first. {@link #decision()} says what it was ({@code approved} or {@code
 * rejected}). Nothing was recorded. Immutable and safe to share between threads.
 */
public class GateAlreadyDecidedException extends GateNotWaitingException {
  private static final long serialVersionUID = 1L;
  private final String decision;

  /**
   * @param message what happened, for a person
   * @param decision the decision that stands: {@code approved} or {@code rejected}
   */
  public GateAlreadyDecidedException(String message, String decision) {
    super(message);
    this.decision = decision;
  }

  /** The decision that stands: {@code approved} or {@code rejected}. */
  public String decision() {
    return decision;
  }
}
