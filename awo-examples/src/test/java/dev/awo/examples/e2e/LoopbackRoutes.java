package dev.awo.examples.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.awo.git.testing.GitHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy standing in for the user's network route: the runner is given {@code
 * HTTP_PROXY}/{@code http_proxy} pointing here, and every program reaches its "remote" host only
 * through it. By host: {@code anthropic.localhost} goes to the scripted Anthropic API, {@code
 * github.localhost} git paths ({@code *.git/...}) to a token-protected git smart-HTTP server, and
 * the rest of {@code github.localhost} / {@code api.github.localhost} to the mock GitHub API. Records
 * every routed request ({@code host METHOD path}). Thread-safe.
 */
final class LoopbackRoutes implements AutoCloseable {
  static final String ANTHROPIC_HOST = "anthropic.localhost";
  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "proxy-connection", "proxy-authorization", "keep-alive", "transfer-encoding", "te", "trailer");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-routes");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI anthropic;
  private final URI github;
  private final GitHttpServer git;
  private final List<String> routed = new CopyOnWriteArrayList<>();

  LoopbackRoutes(String anthropicBaseUrl, String githubProxyUrl, GitHttpServer git) throws IOException {
    this.anthropic = URI.create(anthropicBaseUrl);
    this.github = URI.create(githubProxyUrl);
    this.git = git;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        route(exchange);
      }
    });
    server.setExecutor(threads);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}: the value for HTTP_PROXY. */
  String proxyUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request that went through, as {@code host METHOD path}. */
  List<String> routed() {
    return List.copyOf(routed);
  }

  private void route(HttpExchange exchange) throws IOException {
    String host = host(exchange);
    String path = exchange.getRequestURI().getPath();
    routed.add(host + " " + exchange.getRequestMethod() + " " + path);
    if (host.equals(ANTHROPIC_HOST)) {
      forward(exchange, anthropic);
    } else if (host.endsWith("github.localhost") && path.contains(".git/")) {
      git.serve(exchange);
    } else if (host.endsWith("github.localhost")) {
      forward(exchange, github);
    } else {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(502, -1);
    }
  }

  private static String host(HttpExchange exchange) {
    String host = exchange.getRequestURI().getHost();
    if (host == null) {
      String header = exchange.getRequestHeaders().getFirst("Host");
      host = header == null ? "" : header;
    }
    int colon = host.indexOf(':');
    return (colon >= 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
  }

  private void forward(HttpExchange exchange, URI target) throws IOException {
    URI uri = exchange.getRequestURI();
    String query = uri.getRawQuery();
    URI to = URI.create("http://" + target.getHost() + ":" + target.getPort() + uri.getRawPath()
        + (query == null ? "" : "?" + query));
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(120))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
      return;
    }
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        values.forEach(v -> exchange.getResponseHeaders().add(name, v));
      }
    });
    byte[] reply = response.body();
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.statusCode(), head || reply.length == 0 ? -1 : reply.length);
    if (!head && reply.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
