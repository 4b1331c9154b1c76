package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Debian's headless Chromium driven through the DevTools protocol over a loopback WebSocket (a
 * few commands: navigate, evaluate, screenshot), with a fresh profile and everything that would
 * reach the network switched off. No browser is downloaded; no WebDriver library is needed.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final String session;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> exceptions = new CopyOnWriteArrayList<>();

  /** The browser to use: {@code AWO_CHROMIUM}, else /usr/bin/chromium; null when there is none. */
  static Path binary() {
    String configured = System.getenv("AWO_CHROMIUM");
    Path path = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT_BINARY;
    return Files.isExecutable(path) ? path : null;
  }

  /**
   * Starts the browser with a fresh profile in {@code profile}; without one, skips the test, or
   * fails it under {@code AWO_REQUIRE_REAL_CLIS=1}.
   */
  static HeadlessChromium startOrSkip(Path profile) throws IOException, InterruptedException {
    Path binary = binary();
    if (binary == null) {
      String message = "no Chromium at " + DEFAULT_BINARY + " (set AWO_CHROMIUM, or apt-get install -y chromium chromium-driver)";
      if ("1".equals(System.getenv("AWO_REQUIRE_REAL_CLIS"))) {
        org.junit.jupiter.api.Assertions.fail(message + "; AWO_REQUIRE_REAL_CLIS=1 requires it");
      }
      org.junit.jupiter.api.Assumptions.abort(message);
    }
    return new HeadlessChromium(binary, profile);
  }

  /** Whether a JavaScript expression is true in the page now; false while it still loads or throws. */
  boolean holds(String expression) {
    try {
      return evaluate(expression).asBoolean(false);
    } catch (Exception e) {
      return false;
    }
  }

  /** A JavaScript expression's value as a number, -1 when it is none. */
  int number(String expression) throws Exception {
    return evaluate(expression).asInt(-1);
  }

  /** A JavaScript expression's value as text. */
  String text(String expression) throws Exception {
    return evaluate(expression).asText();
  }

  HeadlessChromium(Path binary, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    process = new ProcessBuilder(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--disable-default-apps", "--no-default-browser-check", "--mute-audio",
        "--window-size=1280,900", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "about:blank"))
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    try {
      String browserPath = awaitDevToolsPort(profile);
      HttpClient client = HttpClient.newHttpClient();
      socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(browserPath), new Listener()).get(30, TimeUnit.SECONDS);
      String target = send(null, "Target.createTarget", HttpTestClient.JSON.createObjectNode().put("url", "about:blank"))
          .get("targetId").asText();
      session = send(null, "Target.attachToTarget", HttpTestClient.JSON.createObjectNode()
          .put("targetId", target).put("flatten", true)).get("sessionId").asText();
      send(session, "Runtime.enable", HttpTestClient.JSON.createObjectNode());
      send(session, "Page.enable", HttpTestClient.JSON.createObjectNode());
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new IOException("could not connect to Chromium's DevTools: " + e, e);
    }
  }

  /** Chromium writes "port\n/devtools/browser/<id>" to DevToolsActivePort in the profile once it listens. */
  private String awaitDevToolsPort(Path profile) throws IOException, InterruptedException {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("chromium exited with " + process.exitValue() + ": "
            + Files.readString(profile.resolve("chromium.log")));
      }
      if (Files.isRegularFile(file)) {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() >= 2) {
          return "ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip();
        }
      }
      Thread.sleep(50);
    }
    throw new IOException("chromium did not open its DevTools port within 60 s");
  }

  void navigate(URI uri) throws Exception {
    send(session, "Page.navigate", HttpTestClient.JSON.createObjectNode().put("url", uri.toString()));
  }

  /** The value of a JavaScript expression in the page. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = send(session, "Runtime.evaluate", HttpTestClient.JSON.createObjectNode()
        .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IOException("the page threw: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Waits (at most {@code timeout}, polling) until {@code condition} holds; false if it never did. */
  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  void screenshot(Path file) throws Exception {
    JsonNode shot = send(session, "Page.captureScreenshot", HttpTestClient.JSON.createObjectNode().put("format", "png"));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
  }

  /** JavaScript exceptions the page threw (Runtime.exceptionThrown), in order. */
  List<String> exceptions() {
    return new ArrayList<>(exceptions);
  }

  private JsonNode send(String sessionId, String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = HttpTestClient.JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(message.toString(), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IOException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = HttpTestClient.JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else if ("Runtime.exceptionThrown".equals(message.path("method").asText())) {
            exceptions.add(message.path("params").path("exceptionDetails").toString());
          }
        } catch (IOException e) {
          exceptions.add("unreadable DevTools message: " + e.getMessage());
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
