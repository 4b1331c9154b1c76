package dev.awo.claude.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the Anthropic Messages API, enough for the real Claude Code CLI: it
 * answers {@code HEAD /} with 200 and every {@code POST /v1/messages} with the next scripted
 * {@link MockReply}, streamed as server-sent events the way the real API streams them. Every request
 * is recorded (secret headers masked) so tests can assert what the CLI sent.
 *
 * <pre>{@code
 * try (MockAnthropicServer api = MockAnthropicServer.start()) {
 *   api.enqueue(MockReply.text("Hello."));
 *   // run claude with ANTHROPIC_BASE_URL=api.baseUrl()
 * }
 * }</pre>
 *
 * <p>When the script is empty it answers with the fallback reply (by default a plain text), so an
 * endless tool loop is {@code fallback(MockReply.toolUse(...))}. Closing the server interrupts
 * handlers that are holding a reply. This class is thread-safe.
 */
public final class MockAnthropicServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService handlers;
  private final Deque<MockReply> script = new ConcurrentLinkedDeque<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile MockReply fallback = MockReply.text("(mock: no scripted reply left)");
  private volatile int inputTokens = 1000;
  private volatile int outputTokens = 25;

  private MockAnthropicServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static MockAnthropicServer start() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mock-anthropic");
        t.setDaemon(true);
        return t;
      });
      MockAnthropicServer mock = new MockAnthropicServer(http, pool);
      http.createContext("/", mock::handle);
      http.setExecutor(pool);
      http.start();
      return mock;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the mock Anthropic API", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, the value for {@code ANTHROPIC_BASE_URL}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Appends replies to the script, answered in order. */
  public MockAnthropicServer enqueue(MockReply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** The reply used whenever the script is empty. */
  public MockAnthropicServer fallback(MockReply reply) {
    this.fallback = reply;
    return this;
  }

  /**
   * The usage every streamed message reports: {@code inputTokens} at its start, {@code outputTokens}
   * at its end (1000 and 25 unless changed).
   */
  public MockAnthropicServer usage(int inputTokens, int outputTokens) {
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    return this;
  }

  /** Every request received so far, in order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The Messages API calls received so far, in order. */
  public List<RecordedRequest> messageRequests() {
    return requests.stream().filter(RecordedRequest::isMessages).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    try {
      handlers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      RecordedRequest request = record(exchange, body);
      if (request.isMessages()) {
        MockReply reply = script.poll();
        answer(exchange, reply == null ? fallback : reply, modelOf(body));
      } else if ("HEAD".equals(request.method()) || "GET".equals(request.method())) {
        exchange.sendResponseHeaders(200, -1);
      } else {
        sendJson(exchange, 404, errorBody("not_found_error", "mock has no " + request.path()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RecordedRequest record(HttpExchange exchange, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      String key = name.toLowerCase(Locale.ROOT);
      boolean secret = key.equals("x-api-key") || key.equals("authorization");
      headers.put(key, secret ? "***" : values.isEmpty() ? "" : values.get(0));
    });
    RecordedRequest request = new RecordedRequest(
        exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
    requests.add(request);
    return request;
  }

  private void answer(HttpExchange exchange, MockReply reply, String model) throws IOException, InterruptedException {
    if (reply instanceof MockReply.Held held) {
      if (held.gate() != null) {
        held.gate().await();
      } else {
        Thread.sleep(held.delay().toMillis());
      }
      answer(exchange, held.then(), model);
    } else if (reply instanceof MockReply.Error error) {
      sendJson(exchange, error.status(), errorBody(error.errorType(), error.message()));
    } else if (reply instanceof MockReply.Text text) {
      new SseWriter(exchange, model, "msg_mock" + ids.incrementAndGet(), inputTokens, outputTokens)
          .text(0, text.text())
          .finish("end_turn");
    } else if (reply instanceof MockReply.ToolUse tool) {
      new SseWriter(exchange, model, "msg_mock" + ids.incrementAndGet(), inputTokens, outputTokens)
          .text(0, tool.preamble())
          .toolUse(1, "toolu_mock" + ids.incrementAndGet(), tool.toolName(), tool.inputJson())
          .finish("tool_use");
    }
  }

  private static String modelOf(String body) {
    try {
      JsonNode model = JSON.readTree(body).path("model");
      return model.isTextual() ? model.asText() : "claude-mock";
    } catch (IOException e) {
      return "claude-mock";
    }
  }

  private static String errorBody(String type, String message) {
    ObjectNode root = JSON.createObjectNode().put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    return root.toString();
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("request-id", "req_mock_error");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Writes one streamed message as the Messages API does. */
  private static final class SseWriter {
    private final OutputStream out;
    private final int outputTokens;

    SseWriter(HttpExchange exchange, String model, String messageId, int inputTokens, int outputTokens)
        throws IOException {
      this.outputTokens = outputTokens;
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.getResponseHeaders().set("request-id", "req_" + messageId);
      exchange.sendResponseHeaders(200, 0);
      this.out = exchange.getResponseBody();
      ObjectNode start = JSON.createObjectNode().put("type", "message_start");
      ObjectNode message = start.putObject("message");
      message.put("id", messageId).put("type", "message").put("role", "assistant").put("model", model);
      message.putArray("content");
      message.putNull("stop_reason");
      message.putNull("stop_sequence");
      message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1)
          .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
      event("message_start", start);
    }

    SseWriter text(int index, String text) throws IOException {
      ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
      start.putObject("content_block").put("type", "text").put("text", "");
      event("content_block_start", start);
      ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
      delta.putObject("delta").put("type", "text_delta").put("text", text);
      event("content_block_delta", delta);
      event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
      return this;
    }

    SseWriter toolUse(int index, String id, String name, String inputJson) throws IOException {
      ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
      ObjectNode block = start.putObject("content_block").put("type", "tool_use").put("id", id).put("name", name);
      block.putObject("input");
      event("content_block_start", start);
      ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
      delta.putObject("delta").put("type", "input_json_delta").put("partial_json", inputJson);
      event("content_block_delta", delta);
      event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
      return this;
    }

    void finish(String stopReason) throws IOException {
      ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
      delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
      delta.putObject("usage").put("output_tokens", outputTokens);
      event("message_delta", delta);
      event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
      out.close();
    }

    private void event(String name, ObjectNode data) throws IOException {
      out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

}
