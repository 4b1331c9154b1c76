package dev.awo.examples.http;

import dev.awo.http.ApiProblem;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Lets only the operator drive the server. A request passes when its {@code Host} (and, for an
 * absolute-form target, the target's authority) is this server's own loopback address; when an
 * {@code Origin} is present, it is the server's own origin; the browser does not call it
 * cross-site ({@code Sec-Fetch-Site}); an API call carries the {@link AccessToken}; and a POST
 * says {@code Content-Type: application/json} (a web page cannot send that cross-origin without a
 * preflight, which this server never answers). Anything else is an {@link ApiProblem}: 403 for
 * a foreign host or origin, 401 for a missing token, 403 for a wrong one, 415 for the content type.
 * Immutable and thread-safe.
 */
final class RequestGuard {
  private final AccessToken token;

  RequestGuard(AccessToken token) {
    this.token = token;
  }

  /** Host, target and origin: every request, the page included. */
  void checkAddressed(Request request) {
    int port = Request.getLocalPort(request);
    Set<String> authorities = port == 80 // a browser leaves the default port out of Host and Origin
        ? Set.of("127.0.0.1:80", "localhost:80", "[::1]:80", "127.0.0.1", "localhost", "[::1]")
        : Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    HttpFields headers = request.getHeaders();
    List<String> host = headers.getValuesList(HttpHeader.HOST);
    if (host.size() != 1 || !authorities.contains(host.get(0).toLowerCase(Locale.ROOT))) {
      throw ApiProblem.forbidden("host", "This server answers only requests addressed to "
          + String.join(", ", sorted(authorities)) + "; Host was " + quoted(host));
    }
    HttpURI uri = request.getHttpURI();
    if (uri.getHost() != null) {
      String target = uri.getHost().toLowerCase(Locale.ROOT) + ":" + (uri.getPort() > 0 ? uri.getPort() : 80);
      if (!authorities.contains(target)) {
        throw ApiProblem.forbidden("uri", "This server does not proxy; the request target names " + target);
      }
    }
    List<String> origin = headers.getValuesList(HttpHeader.ORIGIN);
    if (!origin.isEmpty() && (origin.size() != 1 || !origin.get(0).toLowerCase(Locale.ROOT).startsWith("http://")
        || !authorities.contains(origin.get(0).toLowerCase(Locale.ROOT).substring(7)))) {
      throw ApiProblem.forbidden("origin", "Requests from other origins are refused; Origin was " + quoted(origin));
    }
    queryParameter(request, "token"); // refuses a malformed query on every route, used or not
    String site = headers.get("Sec-Fetch-Site");
    if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
      throw ApiProblem.forbidden("origin", "Requests from other sites are refused (Sec-Fetch-Site: " + site + ")");
    }
  }

  /** The access token: {@code Authorization: Bearer …}, or {@code ?token=…} where {@code queryAllowed}. */
  void checkToken(Request request, boolean queryAllowed) {
    String presented = null;
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new ApiProblem(401, "Authorization must be 'Bearer <token>' (the token printed by --serve)",
            "authorization");
      }
      presented = authorization.substring(7).strip();
    } else if (queryAllowed) {
      presented = queryParameter(request, "token");
    }
    if (presented == null || presented.isEmpty()) {
      throw new ApiProblem(401, "An access token is required: open the URL that --serve printed "
          + "(http://127.0.0.1:PORT/?token=...) or send 'Authorization: Bearer <token>'", "authorization");
    }
    if (!token.matches(presented)) {
      throw ApiProblem.forbidden("authorization", "The access token is wrong; use the one this server printed "
          + "when it started (it changes on every start unless AWO_SERVE_TOKEN is set)");
    }
  }

  /** A POST body must be declared JSON (UTF-8). */
  static void checkJsonBody(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    String rest = type == null || !type.contains(";") ? "" : type.substring(type.indexOf(';') + 1)
        .replace(" ", "").toLowerCase(Locale.ROOT);
    if (!media.equals("application/json") || !(rest.isEmpty() || rest.equals("charset=utf-8"))) {
      throw new ApiProblem(415, "A POST must have 'Content-Type: application/json' (UTF-8); it had "
          + (type == null ? "none" : "'" + type + "'"), "content_type");
    }
  }

  static String queryParameter(Request request, String name) {
    if (request.getHttpURI().getQuery() == null) {
      return null;
    }
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest("query", "The query string is malformed (a bad percent-escape?)");
    }
    List<String> values = fields.getValuesOrEmpty(name);
    if (values.size() > 1) {
      throw ApiProblem.badRequest(name, "'" + name + "' is given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static String quoted(List<String> values) {
    if (values.isEmpty()) {
      return "missing";
    }
    String joined = String.join(", ", values);
    return "'" + (joined.length() > 80 ? joined.substring(0, 80) + "..." : joined) + "'";
  }
}
