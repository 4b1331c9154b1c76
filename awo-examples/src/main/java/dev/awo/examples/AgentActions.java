package dev.awo.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.spi.agent.AgentEvent;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One-line summaries of what an agent is doing, for the runner's running line: a tool call as its
 * name and the input field that says most ({@code Bash: git checkout -b feature-x}, {@code Write:
 * specs/plan.md}), text the agent wrote as {@code says: ...}. Other events are no action. The
 * summary is made safe for a terminal ({@link TerminalText}) and cut to {@code max} characters.
 * Stateless and thread-safe.
 */
final class AgentActions {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The input fields that describe a call best, in order of preference. */
  private static final List<String> TELLING_FIELDS = List.of("command", "file_path", "path", "pattern", "url",
      "query", "description", "prompt");

  private AgentActions() {}

  /** The summary of {@code event}, or null when it is not an action worth showing. */
  static String summary(AgentEvent event, int max) {
    if (event instanceof AgentEvent.ToolUse tool) {
      String input = tellingInput(tool.inputJson());
      return cut(tool.toolName() + (input.isEmpty() ? "" : ": " + input), max);
    }
    if (event instanceof AgentEvent.AssistantText text && text.text() != null && !text.text().isBlank()) {
      return cut("says: " + text.text(), max);
    }
    return null;
  }

  private static String tellingInput(String inputJson) {
    if (inputJson == null || inputJson.isBlank()) {
      return "";
    }
    try {
      JsonNode input = JSON.readTree(inputJson);
      if (!input.isObject()) {
        return input.isValueNode() ? input.asText() : "";
      }
      for (String field : TELLING_FIELDS) {
        if (input.path(field).isTextual()) {
          return input.path(field).asText();
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isTextual()) {
          return field.getValue().asText();
        }
      }
      return "";
    } catch (IOException e) {
      return inputJson;
    }
  }

  private static String cut(String text, int max) {
    String line = TerminalText.line(text).replaceAll("\\s+", " ");
    return line.length() > max ? line.substring(0, max - 3) + "..." : line;
  }
}
