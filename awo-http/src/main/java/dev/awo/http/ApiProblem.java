package dev.awo.http;

/**
 * A request the Agent Work Orders API refuses, with the HTTP status to answer and the field to name:
 * every host renders it as its one error body {@code {"error": message, "field": name-or-null}}
 * (see {@link #json()}). The shared parsers and flows of this module throw it; a host maps it to its
 * server's response and nothing else.
 *
 * <pre>{@code
 * throw ApiProblem.badRequest("node", "node is required and must be a non-empty string");
 * }</pre>
 *
 * <p>Immutable and thread-safe. It carries no stack trace: it is an answer, not a failure.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The status, 400 to 599. */
  private final int status;
  /** The request field (snake_case) or parameter at fault, or null. */
  private final String field;

  /**
   * A problem answered with {@code status}.
   *
   * @param status an error status, 400 to 599
   * @param message what is wrong, as a sentence a person can act on
   * @param field the field or parameter at fault, or null when it is the request as a whole
   * @throws IllegalArgumentException when {@code status} is not an error status or {@code message} is blank
   */
  public ApiProblem(int status, String message, String field) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an API problem has an error status (400-599), not " + status);
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("an API problem needs a message");
    }
    this.status = status;
    this.field = field;
  }

  /** A 400 naming {@code field}. */
  public static ApiProblem badRequest(String field, String message) {
    return new ApiProblem(400, message, field);
  }

  /** A 404: the resource does not exist. */
  public static ApiProblem notFound(String message) {
    return new ApiProblem(404, message, null);
  }

  /** A 403 naming {@code field} (may be null): the request is understood but refused. */
  public static ApiProblem forbidden(String field, String message) {
    return new ApiProblem(403, message, field);
  }

  /** A 409 naming {@code field} (may be null): the request conflicts with the current state. */
  public static ApiProblem conflict(String field, String message) {
    return new ApiProblem(409, message, field);
  }

  /** The HTTP status to answer. */
  public int status() {
    return status;
  }

  /** The field or parameter at fault, or null. */
  public String field() {
    return field;
  }

  /** The error body {@code {"error": message, "field": field}}. */
  public com.fasterxml.jackson.databind.node.ObjectNode json() {
    return WorkOrderJson.error(getMessage(), field);
  }
}
