package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/** A small client for the endpoint tests: JSON requests and a server-sent-events reader. */
final class HttpTestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final AccessToken token;

  HttpTestClient(URI base, AccessToken token) {
    this.base = base;
    this.token = token;
  }

  record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
    Response(int status, String contentType, String body) {
      this(status, contentType, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(authorized(path).GET().build());
  }

  /** A GET with extra headers, name then value. */
  Response get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder builder = authorized(path).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return send(builder.build());
  }

  Response send(String method, String path, String body) throws IOException, InterruptedException {
    return send(authorized(path).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  Response post(String path, String body) throws IOException, InterruptedException {
    return send(authorized(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** A POST with extra headers, name then value. */
  Response post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder builder = authorized(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return send(builder.build());
  }

  private HttpRequest.Builder authorized(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    return token == null ? request : request.header("Authorization", "Bearer " + token.value());
  }

  private Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
  }

  /** One server-sent event. */
  record Event(String name, JsonNode data) {}

  /** Opens an event stream; read it with {@link Events#next()}. */
  Events events(String path) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> r = client.send(authorized(path).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    return new Events(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  static final class Events implements AutoCloseable {
    final int status;
    final String contentType;
    private final Stream<String> lines;
    private final Iterator<String> it;

    Events(int status, String contentType, Stream<String> lines) {
      this.status = status;
      this.contentType = contentType;
      this.lines = lines;
      this.it = lines.iterator();
    }

    /** The next event, skipping comments; null when the stream ended. */
    Event next() throws IOException {
      String name = null;
      StringBuilder data = new StringBuilder();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          if (name != null) {
            return new Event(name, JSON.readTree(data.toString()));
          }
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      return null;
    }

    /** The next event named {@code name}, skipping others. */
    Event next(String name) throws IOException {
      Event e;
      while ((e = next()) != null) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      throw new AssertionError("the stream ended before a '" + name + "' event");
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
