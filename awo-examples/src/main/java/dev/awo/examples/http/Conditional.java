package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.http.ETags;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Conditional GETs: every answer carries its {@code ETag} and {@code Cache-Control: private,
 * no-cache} (a browser may keep it but must ask again), and a request whose {@code If-None-Match}
 * names the current tag gets {@code 304 Not Modified} with no body (and only the {@code ETag} and
 * {@code Cache-Control} headers), without building the body.
 * Stateless and thread-safe.
 */
final class Conditional {
  private Conditional() {}

  static void answer(Request request, Response response, Callback callback, String etag, Supplier<JsonNode> body) {
    response.getHeaders().put(HttpHeader.ETAG, etag);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, ETags.CACHE_CONTROL);
    if (ETags.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
      response.setStatus(304); // no body, so none of the body's security headers: a poll stays small
      response.write(true, ByteBuffer.allocate(0), callback);
      return;
    }
    Responses.json(response, callback, 200, body.get());
  }
}
