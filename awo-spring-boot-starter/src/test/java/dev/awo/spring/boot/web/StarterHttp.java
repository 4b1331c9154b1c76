package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.testkit.WorkflowTestEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A real HTTP client on a started application's random port, for the endpoint tests. */
final class StarterHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  StarterHttp(int port) {
    this.port = port;
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, null, headers);
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(WAIT);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Creates a work order and answers its id. */
  String create(String repositoryUrl, String workflow) throws Exception {
    String body = "{\"repository_url\": \"" + repositoryUrl + "\", \"user_request\": \"Add a flag\""
        + (workflow == null ? "" : ", \"workflow\": \"" + workflow + "\"") + "}";
    HttpResponse<String> created = post("/agent-work-orders", body);
    if (created.statusCode() != 201) {
      throw new AssertionError("create answered " + created.statusCode() + ": " + created.body());
    }
    return JSON.readTree(created.body()).get("agent_work_order_id").asText();
  }

  /** Creates a work order of the {@code gated} workflow and waits until it waits at its gate; answers its path. */
  String waitingAtTheGate() throws Exception {
    String order = "/agent-work-orders/" + create(WorkflowTestEnvironment.REPOSITORY_URL, "gated");
    await(order, o -> o.path("status").asText().equals("waiting"));
    return order;
  }

  /** Polls {@code path} until its JSON body satisfies {@code done} (bounded: 60 s). */
  JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode body = JSON.readTree(get(path).body());
      if (done.test(body)) {
        return body;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(path + " did not reach the expected state within " + WAIT);
  }

  /**
   * Reads a server-sent event stream to its end (bounded: 60 s and 10,000 lines), handing each
   * line to {@code line} as it arrives; answers the status and every line.
   */
  Stream stream(String path, Consumer<String> line) throws Exception {
    HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT)
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String l = reader.readLine(); l != null && lines.size() < 10_000; l = reader.readLine()) {
        lines.add(l);
        line.accept(l);
      }
    }
    return new Stream(response.statusCode(), lines);
  }

  record Stream(int status, List<String> lines) {
    /** The data of each event named {@code name}, as JSON. */
    List<JsonNode> data(String name) throws Exception {
      List<JsonNode> data = new ArrayList<>();
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).equals("event:" + name)) {
          data.add(JSON.readTree(lines.get(i + 1).substring("data:".length())));
        }
      }
      return data;
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
