package dev.awo.claude.internal;

import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.process.BoundedText;
import dev.awo.spi.process.ProcessResult;
import java.time.Duration;

/**
 * Decides how a CLI run ended. Success needs all of: exit code 0, a result line, {@code is_error}
 * false and no {@code api_error_status} (the CLI reports an API failure as {@code subtype:"success"}
 * with {@code is_error:true}, and SIGINT exits 0 with no result line). Every failure message says
 * what happened. Without a result line (killed, timed out, cancelled) the tokens and turns are those
 * streamed so far, and the cost is unknown (null): the CLI states it only in its result. Internal: no compatibility promise. Thread-safe (stateless).
 *
 * @param timeout the run's timeout, named when it was hit
 * @param maxTurns the turn limit passed to the CLI, or null
 * @param resumeSessionId the session resumed, or null
 * @param maxOutputChars the cap on the stored output text
 */
public record OutcomeJudge(Duration timeout, Integer maxTurns, String resumeSessionId, int maxOutputChars) {
  private static final int STDERR_EXCERPT = 400;

  /** The outcome of a run that ended as {@code process} says, having streamed what {@code stream} saw. */
  public AgentOutcome judge(ProcessResult process, StreamCollector stream, String stderr) {
    AgentEvent.Result result = stream.result();
    String output = BoundedText.cap(
        result != null && result.resultText() != null ? result.resultText() : stream.lastAssistantText(),
        maxOutputChars);
    String error = failure(process, result, stream, stderr);
    return new AgentOutcome(
        error == null,
        output,
        stream.sessionId(),
        result == null ? null : result.totalCostUsd(),
        result != null && result.usage() != null ? result.usage() : stream.streamedUsage(),
        result != null && result.turns() != null ? result.turns()
            : stream.streamedMessages() > 0 ? Integer.valueOf(stream.streamedMessages()) : null,
        process.duration(),
        error);
  }

  private String failure(ProcessResult process, AgentEvent.Result result, StreamCollector stream, String stderr) {
    if (process.interrupted()) {
      return "cancelled: the calling thread was interrupted, so the Claude Code CLI and its child processes "
          + "were killed";
    }
    if (process.timedOut()) {
      return "timed out: the Claude Code CLI ran longer than " + describe(timeout)
          + " and was killed with its child processes";
    }
    if (result == null) {
      return "the Claude Code CLI ended without a result line (" + describeExit(process.exitCode()) + ")"
          + (stream.events() == 0 ? "; it printed no stream-json at all" : "")
          + stderrExcerpt(stderr);
    }
    if (process.exitCode() == 0 && !result.error() && result.apiErrorStatus() == null) {
      return null;
    }
    return describeError(process.exitCode(), result, stream.lastAssistantText(), stderr);
  }

  private String describeError(int exitCode, AgentEvent.Result result, String lastText, String stderr) {
    String said = firstText(result.resultText(), String.join("; ", result.errors()), lastText);
    if (result.apiErrorStatus() != null) {
      String rest = said == null ? "" : said.replaceFirst("(?i)^\\s*API error:?\\s*(HTTP\\s*)?" + result.apiErrorStatus() + "\\b:?\\s*", "");
      return "API error: HTTP " + result.apiErrorStatus() + (rest.isBlank() ? "" : ": " + excerpt(rest));
    }
    if ("error_max_turns".equals(result.subtype())) {
      return "max turns reached" + (maxTurns == null ? "" : " (" + maxTurns + ")")
          + (result.errors().isEmpty() ? "" : ": " + excerpt(String.join("; ", result.errors())));
    }
    String errors = String.join("; ", result.errors());
    if (resumeSessionId != null && errors.contains("No conversation found")) {
      return "no conversation to resume: session " + resumeSessionId + " was not found for this working "
          + "directory and HOME (" + excerpt(errors) + ")";
    }
    if (said != null && said.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
      return "the API request timed out: " + excerpt(said);
    }
    if (!result.error()) {
      return "the Claude Code CLI reported success but " + describeExit(exitCode) + stderrExcerpt(stderr);
    }
    return "the Claude Code CLI reported an error (subtype " + result.subtype() + ", " + describeExit(exitCode) + ")"
        + (said == null ? "" : ": " + excerpt(said));
  }

  static String describeExit(int exitCode) {
    if (exitCode > 128 && exitCode < 160) {
      int signal = exitCode - 128;
      String name = switch (signal) {
        case 1 -> "SIGHUP";
        case 2 -> "SIGINT";
        case 9 -> "SIGKILL";
        case 15 -> "SIGTERM";
        default -> "signal " + signal;
      };
      return "exit code " + exitCode + ": killed by " + name;
    }
    return "exit code " + exitCode;
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? duration.toSeconds() + " s" : millis + " ms";
  }

  private static String stderrExcerpt(String stderr) {
    if (stderr == null || stderr.isBlank()) {
      return "";
    }
    return "; stderr: " + excerpt(stderr.strip());
  }

  private static String excerpt(String text) {
    String oneLine = text.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() > STDERR_EXCERPT ? oneLine.substring(0, STDERR_EXCERPT) + "..." : oneLine;
  }

  private static String firstText(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }
}
