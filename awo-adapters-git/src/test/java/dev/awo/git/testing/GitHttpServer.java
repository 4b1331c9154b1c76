package dev.awo.git.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback git smart-HTTP server: the JDK {@code HttpServer} in front of {@code git http-backend}
 * run as a CGI program, serving the bare repositories under a project root. With a token it acts
 * like a private GitHub repository: a request without {@code Authorization: Basic} carrying that
 * token as the password gets 401 with {@code WWW-Authenticate: Basic}; with one, fetches and pushes
 * work. Also usable as the git part of a proxy-style mock ({@link #serve}). Thread-safe.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Path projectRoot;
  private final String token;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "git-http-server");
    t.setDaemon(true);
    return t;
  });
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  /** Serves the bare repositories under {@code projectRoot}; {@code token} null serves them to anyone. */
  public GitHttpServer(Path projectRoot, String token) throws IOException {
    this.projectRoot = projectRoot.toAbsolutePath();
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        serve(exchange);
      }
    });
    server.setExecutor(threads);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT/<repository>}. */
  public String url(String repository) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
  }

  /** {@code 127.0.0.1:PORT}, the host git's credential prompts name. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request seen, as {@code METHOD path?query}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The requests answered 401. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  /** Answers one exchange with git http-backend (after the token check); the exchange is not closed. */
  public void serve(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query);
    requests.add(line);
    String user = authenticatedUser(exchange.getRequestHeaders().getFirst("Authorization"));
    if (token != null && user == null) {
      refused.add(line);
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"awo-test\"");
      exchange.sendResponseHeaders(401, -1);
      return;
    }
    cgi(exchange, query, user == null ? "anonymous" : user);
  }

  private String authenticatedUser(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon > 0 && decoded.substring(colon + 1).equals(token) ? decoded.substring(0, colon) : null;
  }

  private void cgi(HttpExchange exchange, String query, String user) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.keySet().retainAll(List.of("PATH", "HOME"));
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath());
    env.put("QUERY_STRING", query == null ? "" : query);
    env.put("REMOTE_USER", user);
    env.put("REMOTE_ADDR", "127.0.0.1");
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    env.put("CONTENT_TYPE", type == null ? "" : type);
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null) {
      env.put("HTTP_CONTENT_ENCODING", encoding);
    }
    String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
    if (protocol != null) {
      env.put("GIT_PROTOCOL", protocol);
    }
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = pb.start();
    threads.execute(() -> {
      try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the backend stopped reading; its answer says why
      }
    });
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    respond(exchange, output);
  }

  private static void respond(HttpExchange exchange, byte[] output) throws IOException {
    int end = indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int skip = 4;
    if (end < 0) {
      end = indexOf(output, "\n\n".getBytes(StandardCharsets.US_ASCII));
      skip = 2;
    }
    int status = 200;
    if (end >= 0) {
      for (String header : new String(output, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n")) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).strip();
        String value = header.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
    }
    int from = end < 0 ? 0 : end + skip;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(output, from, output.length - from);
    exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
    if (body.size() > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
