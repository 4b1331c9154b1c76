package dev.awo.examples.http;

/**
 * A request the server answers with an error status and a JSON body naming the problem:
 * {@code {"error": message, "field": name-or-null}}, the one shape of every error the server sends.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String field;

  HttpProblem(int status, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  static HttpProblem badRequest(String field, String message) {
    return new HttpProblem(400, message, field);
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, message, null);
  }

  static HttpProblem forbidden(String field, String message) {
    return new HttpProblem(403, message, field);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
