package dev.awo.spring.boot.web;

/** A request the server answers with an error status and a JSON body naming the problem. */
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

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
