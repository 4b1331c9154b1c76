package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.TokenUsage;
import dev.awo.spi.agent.AgentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StreamJsonParser reads recorded Claude Code transcripts")
class StreamJsonParserTest {
  private final StreamJsonParser parser = new StreamJsonParser();

  @Test
  @DisplayName("a Bash tool use run gives init, text, tool use, tool result, text and a successful result")
  void bashToolUseTranscript() {
    List<AgentEvent> events = parse("01_bash_tool_use_success.jsonl");

    assertEquals(List.of("init", "assistant_text", "tool_use", "tool_result", "assistant_text", "result"),
        types(events));
    AgentEvent.Init init = (AgentEvent.Init) events.get(0);
    assertEquals("eae5942f-0314-460a-887a-68da3c2d478c", init.sessionId());
    assertEquals("claude-sonnet-5", init.model());
    assertEquals("/tmp/sandbox/repo1", init.workingDirectory());
    assertTrue(init.tools().contains("Bash"));
    AgentEvent.ToolUse tool = (AgentEvent.ToolUse) events.get(2);
    assertEquals("msg_5ff1a8da8ca74eb7b8f2a774", tool.messageId());
    assertEquals("toolu_787f65256278475d91bc5d5a", tool.toolUseId());
    assertEquals("Bash", tool.toolName());
    assertTrue(tool.inputJson().startsWith("{\"command\":\"mkdir -p specs"), tool.inputJson());
    assertEquals(new AgentEvent.ToolResult("toolu_787f65256278475d91bc5d5a", "created", false), events.get(3));
    AgentEvent.Result result = (AgentEvent.Result) events.get(5);
    assertEquals("success", result.subtype());
    assertFalse(result.error());
    assertNull(result.apiErrorStatus());
    assertEquals("Done. I created specs/plan.md with the plan.", result.resultText());
    assertEquals(new BigDecimal("0.17763600000000002"), result.totalCostUsd());
    assertEquals(new TokenUsage(58762, 90, 0, 0), result.usage());
    assertEquals(2, result.turns());
    assertEquals(Duration.ofMillis(369), result.duration());
    assertEquals(Duration.ofMillis(125), result.apiDuration());
  }

  @Test
  @DisplayName("a resumed text-only run gives init, text and result with the same session id")
  void resumeTranscript() {
    List<AgentEvent> events = parse("02_resume_text_only.jsonl");

    assertEquals(List.of("init", "assistant_text", "result"), types(events));
    AgentEvent.Result result = (AgentEvent.Result) events.get(2);
    assertEquals(((AgentEvent.Init) events.get(0)).sessionId(), result.sessionId());
    assertEquals("Mock text answer.", ((AgentEvent.AssistantText) events.get(1)).text());
  }

  @Test
  @DisplayName("max turns ends in error_max_turns with no result text and the error listed")
  void maxTurnsTranscript() {
    List<AgentEvent> events = parse("03_max_turns_error.jsonl");

    AgentEvent.Result result = (AgentEvent.Result) events.get(events.size() - 1);
    assertEquals("error_max_turns", result.subtype());
    assertTrue(result.error());
    assertNull(result.resultText());
    assertEquals(List.of("Reached maximum number of turns (3)"), result.errors());
    assertEquals(3, events.stream().filter(AgentEvent.ToolUse.class::isInstance).count());
  }

  @Test
  @DisplayName("an API error says subtype success but is_error true with the HTTP status")
  void apiErrorTranscript() {
    List<AgentEvent> events = parse("04_api_error_500_no_retries.jsonl");

    assertEquals(List.of("init", "assistant_text", "result"), types(events));
    assertTrue(((AgentEvent.AssistantText) events.get(1)).text().startsWith("API Error: 500"));
    AgentEvent.Result result = (AgentEvent.Result) events.get(2);
    assertEquals("success", result.subtype());
    assertTrue(result.error());
    assertEquals(500, result.apiErrorStatus());
    assertEquals(0, result.totalCostUsd().signum());
  }

  @Test
  @DisplayName("the 2.0.77 format (no api_error_status field) reads the same way")
  void oldFormatTranscript() {
    List<AgentEvent> events = parse("05_v2.0.77_purejs_bash_tool_use.jsonl");

    assertEquals(List.of("init", "assistant_text", "tool_use", "tool_result", "assistant_text", "result"),
        types(events));
    AgentEvent.Result result = (AgentEvent.Result) events.get(5);
    assertFalse(result.error());
    assertNull(result.apiErrorStatus());
    assertEquals(new TokenUsage(36029, 90, 0, 0), result.usage());
  }

  @Test
  @DisplayName("a Write tool use carries file_path and content; a tool result without is_error is not an error")
  void writeToolTranscript() {
    List<AgentEvent> events = parse("06_write_tool_use_success.jsonl");

    AgentEvent.ToolUse tool = (AgentEvent.ToolUse) events.get(2);
    assertEquals("Write", tool.toolName());
    assertEquals("{\"file_path\":\"/tmp/sandbox/repo2/specs/plan.md\",\"content\":\"# Plan\\n\\n1. Do the thing.\\n\"}",
        tool.inputJson());
    AgentEvent.ToolResult result = (AgentEvent.ToolResult) events.get(3);
    assertTrue(result.content().startsWith("File created successfully"));
    assertFalse(result.error());
  }

  @Test
  @DisplayName("one assistant line with several content blocks gives one event per block, in order")
  void severalBlocksInOneLine() {
    List<AgentEvent> events = parser.parse("{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":["
        + "{\"type\":\"thinking\",\"thinking\":\"hmm\"},{\"type\":\"text\",\"text\":\"a\"},"
        + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\",\"input\":{\"file_path\":\"/x\"}}]}}");

    assertEquals(List.of("other", "assistant_text", "tool_use"), types(events));
    assertEquals("assistant:thinking", ((AgentEvent.Other) events.get(0)).originalType());
  }

  @Test
  @DisplayName("api_retry lines, unknown types and tool results given as block lists are understood")
  void retryUnknownAndBlockResults() {
    assertEquals(List.of(new AgentEvent.ApiRetry(2, 10, 529)), parser.parse(
        "{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":2,\"max_retries\":10,\"error_status\":529}"));
    assertEquals(List.of(new AgentEvent.ApiRetry(1, 10, null)), parser.parse(
        "{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":1,\"max_retries\":10,\"error_status\":null}"));
    AgentEvent other = parser.parse("{\"type\":\"rate_limit_event\",\"x\":1}").get(0);
    assertEquals(new AgentEvent.Other("rate_limit_event", "{\"type\":\"rate_limit_event\",\"x\":1}"), other);
    AgentEvent result = parser.parse("{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\","
        + "\"tool_use_id\":\"t\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image\"}],"
        + "\"is_error\":true}]}}").get(0);
    assertEquals(new AgentEvent.ToolResult("t", "a[image]", true), result);
  }

  @Test
  @DisplayName("each assistant line ends with its message's usage and model, as the CLI printed them")
  void usagePerAssistantLine() {
    List<AgentEvent> events = parseAll("01_bash_tool_use_success.jsonl");

    assertEquals(List.of("init", "assistant_text", "usage", "tool_use", "usage", "tool_result", "assistant_text",
        "usage", "result"), types(events));
    assertEquals(new AgentEvent.Usage("msg_5ff1a8da8ca74eb7b8f2a774", "claude-sonnet-5", new TokenUsage(29322, 1, 0, 0)),
        events.get(2));
    assertEquals(events.get(2), events.get(4), "the second line of a message repeats its usage");
    assertEquals(new AgentEvent.Usage("msg_3b4217396a6a43c0a6263ff5", "claude-sonnet-5", new TokenUsage(29440, 1, 0, 0)),
        events.get(7));
    assertEquals(List.of("assistant_text"), types(parser.parse(
        "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"no id\"}],"
            + "\"usage\":{\"input_tokens\":5}}}")), "usage without a message id cannot be attributed");
  }

  @Test
  @DisplayName("a line that is not a JSON object is reported as malformed, never thrown")
  void malformedLines() {
    assertInstanceOf(AgentEvent.Malformed.class, parser.parse("{\"type\":\"assistant\",").get(0));
    assertInstanceOf(AgentEvent.Malformed.class, parser.parse("[1,2]").get(0));
    assertInstanceOf(AgentEvent.Malformed.class, parser.parse("Warning: no stdin data received").get(0));
    AgentEvent.Malformed cut = (AgentEvent.Malformed) parser.parse("x".repeat(10_000)).get(0);
    assertTrue(cut.excerpt().length() < 300, "excerpt is short");
    assertEquals(List.of(), parser.parse("   "));
  }

  @Test
  @DisplayName("texts longer than the cap are cut with a visible marker")
  void longTextsAreCapped() {
    StreamJsonParser small = new StreamJsonParser(10);
    AgentEvent.AssistantText text = (AgentEvent.AssistantText) small.parse(
        "{\"type\":\"assistant\",\"message\":{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\""
            + "y".repeat(100) + "\"}]}}").get(0);
    assertEquals("yyyyyyyyyy\n[output truncated: 90 more characters]", text.text());
  }

  static List<String> lines(String transcript) {
    try (InputStream in = StreamJsonParserTest.class.getResourceAsStream("/transcripts/" + transcript)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The transcript's events without the usage reports (tested on their own below). */
  private List<AgentEvent> parse(String transcript) {
    return parseAll(transcript).stream().filter(e -> !(e instanceof AgentEvent.Usage)).toList();
  }

  private List<AgentEvent> parseAll(String transcript) {
    List<AgentEvent> events = new ArrayList<>();
    lines(transcript).forEach(line -> events.addAll(parser.parse(line)));
    events.forEach(e -> assertFalse(e instanceof AgentEvent.Malformed, e.toString()));
    return events;
  }

  private static List<String> types(List<AgentEvent> events) {
    return events.stream().map(AgentEvent::type).toList();
  }
}
