package dev.awo.claude;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.TokenUsage;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.process.BoundedText;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one line of Claude Code's {@code --output-format stream-json --verbose} output into typed
 * {@link AgentEvent}s. A pure function of the line: no state is kept between calls.
 *
 * <pre>{@code
 * StreamJsonParser parser = new StreamJsonParser();
 * for (AgentEvent event : parser.parse(line)) { listener.accept(event); }
 * }</pre>
 *
 * <p>One {@code assistant} line can hold several content blocks, so one line can give several events;
 * after them comes an {@link AgentEvent.Usage} with the message's {@code usage} when the line has one
 * (the CLI repeats a message's usage on each of its lines, as it stood when the line was printed);
 * a message the CLI made up itself (model {@code <synthetic>}, e.g. an API error's text) has none.
 * A line of an unknown type becomes {@link AgentEvent.Other}; a line that is not a JSON object
 * becomes {@link AgentEvent.Malformed}; neither throws. Every text carried by an event is capped at
 * {@code maxTextChars} with a visible truncation marker, so one huge tool result cannot flood a
 * listener. Blank lines give no event.
 *
 * <p>It reads with Jackson's streaming API and skips what no event needs (for example the
 * {@code tool_use_result} copy of every tool output), and a tool's input JSON is cut from the line
 * as it was printed rather than re-serialised.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class StreamJsonParser {
  /** The default cap on any one text in an event: 64 KiB. */
  public static final int DEFAULT_MAX_TEXT_CHARS = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final int EXCERPT_CHARS = 200;
  /** The model name of messages the CLI makes up itself (an API error's text): no API call, no usage. */
  private static final String SYNTHETIC = "<synthetic>";

  private final int maxTextChars;

  /** A parser capping event texts at {@link #DEFAULT_MAX_TEXT_CHARS}. */
  public StreamJsonParser() {
    this(DEFAULT_MAX_TEXT_CHARS);
  }

  /** A parser capping every event text at {@code maxTextChars} (positive). */
  public StreamJsonParser(int maxTextChars) {
    if (maxTextChars <= 0) {
      throw new InvalidInputException("maxTextChars", "must be positive, got " + maxTextChars);
    }
    this.maxTextChars = maxTextChars;
  }

  /** The events in {@code line}, in the order they appear; empty for a blank line. */
  public List<AgentEvent> parse(String line) {
    if (line == null || line.isBlank()) {
      return List.of();
    }
    Line fields = new Line();
    try (JsonParser json = FACTORY.createParser(line)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return List.of(malformed(line, "not a JSON object"));
      }
      readTopLevel(json, line, fields);
      if (json.nextToken() != null) {
        return List.of(malformed(line, "text after the JSON object"));
      }
    } catch (IOException e) {
      String problem = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
          ? jpe.getOriginalMessage() : e.getMessage();
      return List.of(malformed(line, "not JSON: " + problem));
    }
    return fields.events(this, line);
  }

  private void readTopLevel(JsonParser json, String line, Line f) throws IOException {
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      switch (name) {
        case "type" -> f.type = textOrNull(json, value);
        case "subtype" -> f.subtype = textOrNull(json, value);
        case "session_id" -> f.sessionId = textOrNull(json, value);
        case "model" -> f.model = textOrNull(json, value);
        case "cwd" -> f.cwd = textOrNull(json, value);
        case "tools" -> f.tools = stringList(json, value, false);
        case "attempt" -> f.attempt = intOrNull(json, value);
        case "max_retries" -> f.maxRetries = intOrNull(json, value);
        case "error_status" -> f.errorStatus = intOrNull(json, value);
        case "is_error" -> f.isError = value == JsonToken.VALUE_TRUE;
        case "api_error_status" -> f.apiErrorStatus = intOrNull(json, value);
        case "result" -> f.result = textOrNull(json, value);
        case "total_cost_usd" -> f.cost = value.isNumeric() ? json.getDecimalValue() : null;
        case "num_turns" -> f.turns = intOrNull(json, value);
        case "duration_ms" -> f.durationMs = longOrNull(json, value);
        case "duration_api_ms" -> f.apiDurationMs = longOrNull(json, value);
        case "errors" -> f.errors = stringList(json, value, true);
        case "usage" -> f.usage = value == JsonToken.START_OBJECT ? usage(JSON.readTree(json)) : skip(json);
        case "message" -> {
          if (value == JsonToken.START_OBJECT) {
            readMessage(json, line, f);
          } else {
            json.skipChildren();
          }
        }
        default -> json.skipChildren();
      }
    }
  }

  private void readMessage(JsonParser json, String line, Line f) throws IOException {
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      if (name.equals("id")) {
        f.messageId = textOrNull(json, value);
      } else if (name.equals("model")) {
        f.messageModel = textOrNull(json, value);
      } else if (name.equals("usage")) {
        f.messageUsage = value == JsonToken.START_OBJECT ? usage(JSON.readTree(json)) : skip(json);
      } else if (name.equals("content") && value == JsonToken.START_ARRAY) {
        f.blocks = new ArrayList<>(1);
        while (json.nextToken() == JsonToken.START_OBJECT) {
          f.blocks.add(readBlock(json, line));
        }
      } else {
        json.skipChildren();
      }
    }
  }

  private Block readBlock(JsonParser json, String line) throws IOException {
    Block b = new Block();
    int start = (int) json.currentTokenLocation().getCharOffset();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      switch (name) {
        case "type" -> b.type = textOrNull(json, value);
        case "text" -> b.text = textOrNull(json, value);
        case "id" -> b.id = textOrNull(json, value);
        case "name" -> b.name = textOrNull(json, value);
        case "tool_use_id" -> b.toolUseId = textOrNull(json, value);
        case "is_error" -> b.isError = value == JsonToken.VALUE_TRUE;
        case "input" -> b.inputJson = slice(json, line);
        case "content" -> b.content = value == JsonToken.VALUE_STRING ? json.getText()
            : toolResultText(value.isStructStart() ? JSON.readTree(json) : null);
        default -> json.skipChildren();
      }
    }
    b.raw = line.substring(start, (int) json.currentTokenLocation().getCharOffset() + 1);
    return b;
  }

  /** The current value as it appears in {@code line}, skipping over it. */
  private static String slice(JsonParser json, String line) throws IOException {
    int start = (int) json.currentTokenLocation().getCharOffset();
    if (!json.currentToken().isStructStart()) {
      return json.getText();
    }
    json.skipChildren();
    return line.substring(start, (int) json.currentTokenLocation().getCharOffset() + 1);
  }

  /** A tool result's content is a string or a list of blocks (text, images). */
  private static String toolResultText(JsonNode content) {
    if (content == null || !content.isArray()) {
      return content == null ? "" : content.toString();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if (block.path("text").isTextual()) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(block.path("text").asText());
      } else {
        text.append('[').append(block.path("type").asText("block")).append(']');
      }
    }
    return text.toString();
  }

  private static TokenUsage usage(JsonNode usage) {
    return new TokenUsage(
        Math.max(0, usage.path("input_tokens").asLong(0)),
        Math.max(0, usage.path("output_tokens").asLong(0)),
        Math.max(0, usage.path("cache_creation_input_tokens").asLong(0)),
        Math.max(0, usage.path("cache_read_input_tokens").asLong(0)));
  }

  private static List<String> stringList(JsonParser json, JsonToken value, boolean anyValue) throws IOException {
    List<String> values = new ArrayList<>();
    if (value != JsonToken.START_ARRAY) {
      json.skipChildren();
      return values;
    }
    JsonToken item;
    while ((item = json.nextToken()) != JsonToken.END_ARRAY) {
      if (item == JsonToken.VALUE_STRING) {
        values.add(json.getText());
      } else if (anyValue) {
        values.add(JSON.readTree(json).toString());
      } else {
        json.skipChildren();
      }
    }
    return values;
  }

  private static TokenUsage skip(JsonParser json) throws IOException {
    json.skipChildren();
    return null;
  }

  private static String textOrNull(JsonParser json, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return json.getText();
    }
    json.skipChildren();
    return null;
  }

  private static Integer intOrNull(JsonParser json, JsonToken value) throws IOException {
    if (value.isNumeric()) {
      return json.getValueAsInt();
    }
    json.skipChildren();
    return null;
  }

  private static Long longOrNull(JsonParser json, JsonToken value) throws IOException {
    if (value.isNumeric()) {
      return json.getValueAsLong();
    }
    json.skipChildren();
    return null;
  }

  private AgentEvent other(String type, String raw) {
    return new AgentEvent.Other(type, cap(raw));
  }

  private static AgentEvent malformed(String line, String problem) {
    return new AgentEvent.Malformed(BoundedText.cap(line, EXCERPT_CHARS), problem);
  }

  private String cap(String text) {
    return BoundedText.cap(text, maxTextChars);
  }

  private static Duration millis(Long value) {
    return value != null && value >= 0 ? Duration.ofMillis(value) : null;
  }

  /** One content block of a message. */
  private static final class Block {
    String type;
    String text;
    String id;
    String name;
    String inputJson;
    String toolUseId;
    String content;
    boolean isError;
    String raw;
  }

  /** The fields of one line that some event needs. */
  private static final class Line {
    String type;
    String subtype;
    String sessionId;
    String model;
    String cwd;
    List<String> tools;
    Integer attempt;
    Integer maxRetries;
    Integer errorStatus;
    boolean isError;
    Integer apiErrorStatus;
    String result;
    BigDecimal cost;
    Integer turns;
    Long durationMs;
    Long apiDurationMs;
    List<String> errors;
    TokenUsage usage;
    String messageId;
    String messageModel;
    TokenUsage messageUsage;
    List<Block> blocks;

    List<AgentEvent> events(StreamJsonParser p, String line) {
      String kind = type == null ? "" : type;
      switch (kind) {
        case "system":
          if ("init".equals(subtype)) {
            return List.of(new AgentEvent.Init(sessionId, model, cwd, tools));
          }
          if ("api_retry".equals(subtype)) {
            return List.of(new AgentEvent.ApiRetry(
                attempt == null ? 0 : attempt, maxRetries == null ? 0 : maxRetries, errorStatus));
          }
          return List.of(p.other("system:" + (subtype == null ? "" : subtype), line));
        case "assistant":
          return assistant(p, line);
        case "user":
          return user(p, line);
        case "result":
          List<String> capped = new ArrayList<>();
          if (errors != null) {
            errors.forEach(e -> capped.add(p.cap(e)));
          }
          return List.of(new AgentEvent.Result(subtype, isError, apiErrorStatus, p.cap(result), sessionId, cost,
              usage, turns, millis(durationMs), millis(apiDurationMs), capped));
        default:
          return List.of(p.other(kind.isEmpty() ? "(no type)" : kind, line));
      }
    }

    private List<AgentEvent> assistant(StreamJsonParser p, String line) {
      if (blocks == null || blocks.isEmpty()) {
        return List.of(p.other("assistant", line));
      }
      List<AgentEvent> events = new ArrayList<>(blocks.size());
      for (Block b : blocks) {
        if ("text".equals(b.type)) {
          events.add(new AgentEvent.AssistantText(messageId, p.cap(b.text == null ? "" : b.text)));
        } else if ("tool_use".equals(b.type)) {
          events.add(new AgentEvent.ToolUse(messageId, b.id, b.name, p.cap(b.inputJson == null ? "{}" : b.inputJson)));
        } else {
          events.add(p.other("assistant:" + (b.type == null ? "" : b.type), b.raw));
        }
      }
      if (messageUsage != null && messageId != null && !messageId.isBlank() && !SYNTHETIC.equals(messageModel)) {
        events.add(new AgentEvent.Usage(messageId, messageModel, messageUsage));
      }
      return events;
    }

    private List<AgentEvent> user(StreamJsonParser p, String line) {
      List<AgentEvent> events = new ArrayList<>(1);
      if (blocks != null) {
        for (Block b : blocks) {
          if ("tool_result".equals(b.type)) {
            events.add(new AgentEvent.ToolResult(b.toolUseId, p.cap(b.content == null ? "" : b.content), b.isError));
          }
        }
      }
      return events.isEmpty() ? List.of(p.other("user", line)) : events;
    }
  }
}
