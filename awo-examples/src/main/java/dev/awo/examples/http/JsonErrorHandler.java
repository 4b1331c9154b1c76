package dev.awo.examples.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed request line, a bad percent-escape, a header section over the
 * cap, a failed handler) in the application's JSON shape instead of Jetty's HTML page. The
 * connection is closed after such an error. Stateless and thread-safe.
 */
final class JsonErrorHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : 500;
    String reason = HttpStatus.getMessage(status);
    String detail = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String text && !text.isBlank()
        && !text.equalsIgnoreCase(reason) ? ": " + text : "";
    String message = status == HttpStatus.BAD_REQUEST_400
        ? "The request could not be parsed" + detail + " (check the request line, the headers and any percent-escapes)"
        : reason + detail;
    String field = null;
    if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
      message = "The request's headers are larger than the server accepts; send fewer or shorter headers";
      field = "headers";
    } else if (status == HttpStatus.PAYLOAD_TOO_LARGE_413) {
      message = "The request body is larger than the server accepts";
      field = "body";
    } else if (status >= 500) {
      message = reason; // never an exception's text
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Responses.problem(response, callback, status, message, field);
    return true;
  }
}
