package dev.awo.claude.mock;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * What {@link MockAnthropicServer} answers to one {@code POST /v1/messages}: a streamed text, a
 * streamed tool use, an HTTP error with an Anthropic-style JSON body, or one of these after a pause.
 *
 * <pre>{@code
 * server.enqueue(MockReply.toolUse("Bash", "{\"command\":\"touch made.txt\"}"), MockReply.text("Done."));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface MockReply {

  /** A final text answer ({@code stop_reason: end_turn}). */
  static MockReply text(String text) {
    return new Text(text);
  }

  /** A short text, then a call of {@code toolName} with {@code inputJson} ({@code stop_reason: tool_use}). */
  static MockReply toolUse(String toolName, String inputJson) {
    return new ToolUse("Working on it.", toolName, inputJson);
  }

  /** An HTTP error with the body {@code {"type":"error","error":{"type":errorType,"message":message}}}. */
  static MockReply error(int status, String errorType, String message) {
    return new Error(status, errorType, message);
  }

  /** {@code then}, sent only once {@code gate} is opened (or the server stops). */
  static MockReply heldUntil(CountDownLatch gate, MockReply then) {
    return new Held(gate, null, then);
  }

  /** {@code then}, sent after {@code delay} (cut short when the server stops). */
  static MockReply delayed(Duration delay, MockReply then) {
    return new Held(null, delay, then);
  }

  record Text(String text) implements MockReply {}

  record ToolUse(String preamble, String toolName, String inputJson) implements MockReply {}

  record Error(int status, String errorType, String message) implements MockReply {}

  record Held(CountDownLatch gate, Duration delay, MockReply then) implements MockReply {}
}
