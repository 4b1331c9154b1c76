package dev.awo.domain;

import java.util.Objects;

/**
 * Input that awo refuses before doing anything with it: a malformed work order id, a dangerous
 * repository URL, a branch name git would reject, a workflow definition with errors. Thrown where the
 * input enters, before any process runs, and leaving no state behind.
 *
 * <p>The exception carries its parts apart: {@link #field()} names the offending input and {@link
 * #problem()} says what is wrong with it, so a caller that reports it in its own words (an HTTP layer,
 * a workflow reader naming a JSON field) composes them instead of taking the message apart. The
 * message is {@code "Invalid " + field + ": " + problem}.
 *
 * <pre>{@code
 * catch (InvalidInputException e) {
 *   return badRequest(Map.of("field", e.field(), "problem", e.problem()));
 * }
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class InvalidInputException extends AwoException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String problem;

  /**
   * @param field the name of the refused input, e.g. {@code repositoryUrl}
   * @param problem what is wrong with it, phrased to follow the field's name, e.g. {@code "must not be blank"}
   */
  public InvalidInputException(String field, String problem) {
    super("Invalid " + Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
    this.field = field;
    this.problem = problem;
  }

  /** The name of the input that was refused, e.g. {@code repositoryUrl}. */
  public String field() {
    return field;
  }

  /** What is wrong with the input, without its name, e.g. {@code "must not be blank"}. */
  public String problem() {
    return problem;
  }
}
