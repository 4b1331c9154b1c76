package dev.awo.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback Anthropic Messages API that plays the agent for each step of the default workflow:
 * it recognises the step by the heading of the latest prompt (e.g. {@code # Plan the feature}) and
 * answers the n-th call of that turn (n = the tool results sent back since the prompt) with the n-th scripted
 * reply — a Bash tool use, or the final text. Replies are functions of the request body, so they
 * can use the work order id in the prompt or a URL in a tool result. Streams replies as server-sent
 * events the way the real API does. Thread-safe.
 */
final class ScriptedAnthropicApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted answer: a Bash command to run, or the final text. */
  record Reply(String bashCommand, String text) {
    static Reply bash(String command) {
      return new Reply(command, null);
    }

    static Reply text(String text) {
      return new Reply(null, text);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mock-anthropic");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, List<Function<String, Reply>>> scripts = new LinkedHashMap<>();
  private final List<String> unmatched = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  ScriptedAnthropicApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The conversation whose prompt contains {@code marker} is answered with {@code replies}, in order. */
  @SafeVarargs
  final ScriptedAnthropicApi script(String marker, Function<String, Reply>... replies) {
    scripts.put(marker, List.of(replies));
    return this;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Message requests that matched no script (answered with a plain "OK"). */
  List<String> unmatched() {
    return List.copyOf(unmatched);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!exchange.getRequestURI().getPath().startsWith("/v1/messages")) {
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 404 : 200, -1);
        return;
      }
      JsonNode request = JSON.readTree(body);
      requests.add(body);
      reply(exchange, choose(request, body), request.path("model").asText("claude-mock"));
    }
  }

  /**
   * Picks the script by the latest user prompt (a resumed session re-sends the whole history, so
   * the first message is an earlier step's), and the reply by the tool results sent since then.
   */
  private Reply choose(JsonNode request, String body) {
    JsonNode messages = request.path("messages");
    int prompt = latestUserPrompt(messages);
    String promptText = messages.path(prompt).toString();
    for (Map.Entry<String, List<Function<String, Reply>>> script : scripts.entrySet()) {
      if (promptText.contains(script.getKey())) {
        int toolResults = countToolResults(messages, prompt);
        List<Function<String, Reply>> replies = script.getValue();
        return replies.get(Math.min(toolResults, replies.size() - 1)).apply(body);
      }
    }
    unmatched.add(promptText.length() > 200 ? promptText.substring(0, 200) : promptText);
    return Reply.text("OK");
  }

  /** The index of the last user message that carries text rather than only tool results. */
  private static int latestUserPrompt(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if (!"user".equals(message.path("role").asText())) {
        continue;
      }
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        return i;
      }
      for (JsonNode block : content) {
        if ("text".equals(block.path("type").asText())) {
          return i;
        }
      }
    }
    return 0;
  }

  private static int countToolResults(JsonNode messages, int from) {
    int n = 0;
    for (int i = from; i < messages.size(); i++) {
      for (JsonNode block : messages.get(i).path("content")) {
        if ("tool_result".equals(block.path("type").asText())) {
          n++;
        }
      }
    }
    return n;
  }

  /** Request bodies received, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void reply(HttpExchange exchange, Reply reply, String model) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("request-id", "req_mock" + ids.incrementAndGet());
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("id", "msg_mock" + ids.incrementAndGet())
        .put("type", "message").put("role", "assistant").put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", 1000).put("output_tokens", 1)
        .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
    event(out, "message_start", start);
    if (reply.bashCommand() != null) {
      textBlock(out, 0, "Running a command.");
      ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 1);
      blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_mock" + ids.incrementAndGet())
          .put("name", "Bash").putObject("input");
      event(out, "content_block_start", blockStart);
      ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 1);
      delta.putObject("delta").put("type", "input_json_delta")
          .put("partial_json", JSON.createObjectNode().put("command", reply.bashCommand()).toString());
      event(out, "content_block_delta", delta);
      event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 1));
    } else {
      textBlock(out, 0, reply.text());
    }
    ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", reply.bashCommand() != null ? "tool_use" : "end_turn")
        .putNull("stop_sequence");
    end.putObject("usage").put("output_tokens", 25);
    event(out, "message_delta", end);
    event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    out.close();
  }

  private static void textBlock(OutputStream out, int index, String text) throws IOException {
    ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
    start.putObject("content_block").put("type", "text").put("text", "");
    event(out, "content_block_start", start);
    ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    delta.putObject("delta").put("type", "text_delta").put("text", text);
    event(out, "content_block_delta", delta);
    event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
  }

  private static void event(OutputStream out, String name, JsonNode data) throws IOException {
    out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
