package dev.awo.spi.agent;

import dev.awo.domain.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * One thing an agent did, reported live while it runs (not parsed after it exits). Executors map
 * their own output onto these types; what they cannot map they pass on as {@link Other}, and a line
 * they cannot read as {@link Malformed}. Neither is ever fatal.
 *
 * <p>All implementations are immutable records.
 */
public sealed interface AgentEvent {

  /** A short type name for logs and JSON, e.g. {@code tool_use}. */
  String type();

  /** The agent session started. */
  record Init(String sessionId, String model, String workingDirectory, List<String> tools) implements AgentEvent {
    public Init {
      tools = tools == null ? List.of() : List.copyOf(tools);
    }

    @Override
    public String type() {
      return "init";
    }
  }

  /** Text the agent wrote. */
  record AssistantText(String messageId, String text) implements AgentEvent {
    @Override
    public String type() {
      return "assistant_text";
    }
  }

  /** The agent called a tool; {@code inputJson} is the tool input as JSON text. */
  record ToolUse(String messageId, String toolUseId, String toolName, String inputJson) implements AgentEvent {
    @Override
    public String type() {
      return "tool_use";
    }
  }

  /**
   * Tokens one API message of the agent used, as its provider reported them so far. An executor
   * may report the same message more than once as it streams (the latest report of a message
   * supersedes the earlier ones), so a consumer adds up the latest {@code usage} per {@code
   * messageId}; each distinct {@code messageId} is one turn. Executors that cannot see usage while
   * the agent runs emit none; the final {@link Result} carries the totals either way.
   *
   * @param messageId the API message the usage belongs to
   * @param model the model that served it, or null when not reported
   * @param usage the message's token counts as reported so far
   */
  record Usage(String messageId, String model, TokenUsage usage) implements AgentEvent {
    public Usage {
      dev.awo.spi.Arguments.requireText(messageId, "messageId");
      dev.awo.spi.Arguments.requirePresent(usage, "usage");
    }

    @Override
    public String type() {
      return "usage";
    }
  }

  /** A tool's answer to the agent. */
  record ToolResult(String toolUseId, String content, boolean error) implements AgentEvent {
    @Override
    public String type() {
      return "tool_result";
    }
  }

  /** The agent's API call failed and is retried; {@code errorStatus} is the HTTP status or null. */
  record ApiRetry(int attempt, int maxRetries, Integer errorStatus) implements AgentEvent {
    @Override
    public String type() {
      return "api_retry";
    }
  }

  /**
   * The agent's final report. Nullable fields are unknown when null.
   *
   * @param subtype the agent's own word for how it ended, e.g. {@code success}, {@code error_max_turns}
   * @param error whether the agent says it ended in error
   * @param apiErrorStatus the HTTP status of a failed API call, or null
   * @param resultText the final answer text, or null
   * @param errors error messages the agent listed
   */
  record Result(
      String subtype,
      boolean error,
      Integer apiErrorStatus,
      String resultText,
      String sessionId,
      BigDecimal totalCostUsd,
      TokenUsage usage,
      Integer turns,
      Duration duration,
      Duration apiDuration,
      List<String> errors)
      implements AgentEvent {
    public Result {
      errors = errors == null ? List.of() : List.copyOf(errors);
    }

    @Override
    public String type() {
      return "result";
    }
  }

  /** Output of a kind this executor does not model, passed on as it came (secrets redacted). */
  record Other(String originalType, String raw) implements AgentEvent {
    @Override
    public String type() {
      return "other";
    }
  }

  /** A line that could not be read; {@code excerpt} is its start, {@code problem} why. */
  record Malformed(String excerpt, String problem) implements AgentEvent {
    @Override
    public String type() {
      return "malformed";
    }
  }
}
