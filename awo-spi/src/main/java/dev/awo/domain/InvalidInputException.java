package dev.awo.domain;

/**
 * Input that awo refuses before doing anything with it: a malformed work order id, a dangerous
 * repository URL, a branch name git would reject, a workflow definition with errors. Thrown where the
 * input enters, before any process runs, and leaving no state behind.
 *
 * <p>{@link #field()} names the offending input, so an HTTP layer can report it as-is.
 */
public class InvalidInputException extends AwoException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidInputException(String field, String problem) {
    super("Invalid " + field + ": " + problem);
    this.field = field;
  }

  /** The name of the input that was refused, e.g. {@code repositoryUrl}. */
  public String field() {
    return field;
  }
}
