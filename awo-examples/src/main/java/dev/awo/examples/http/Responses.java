package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.http.JsonRedaction;
import dev.awo.http.WorkOrderJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes every answer of the server: JSON bodies (credential-shaped strings redacted at this
 * boundary too, as defense in depth) and the one error shape {@code {"error", "field"}}, with the
 * headers that keep a browser from sniffing, caching or framing them. Stateless and thread-safe.
 */
final class Responses {
  private Responses() {}

  static void json(Response response, Callback callback, int status, JsonNode json) {
    send(response, callback, status, "application/json; charset=utf-8",
        JsonRedaction.redacted(json).toString().getBytes(StandardCharsets.UTF_8));
  }

  static void problem(Response response, Callback callback, int status, String message, String field) {
    json(response, callback, status, WorkOrderJson.error(message, field));
  }

  static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    common(response);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * The headers on every answer: no sniffing, no caching (unless the route set its own {@code
   * Cache-Control}, as conditional GETs do), no framing, no referrer carrying the token.
   */
  static void common(Response response) {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    if (!response.getHeaders().contains(HttpHeader.CACHE_CONTROL)) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("X-Frame-Options", "DENY");
  }
}
