package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ClaudeCodeExecutor's command, stream handling and judgement (with a scripted stand-in CLI)")
class ClaudeCodeExecutorStreamTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");

  @TempDir Path temp;

  @Test
  @DisplayName("the CLI gets an argument vector with every option, the prompt on stdin and a controlled environment")
  void commandEnvironmentAndStdin() {
    FakeCli cli = FakeCli.create(temp.resolve("cli"), StreamJsonParserTest.lines("02_resume_text_only.jsonl"), 0);
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder()
        .cliPath(cli.script).model("opus").maxTurns(5).skipPermissions(true)
        .apiKey("secret-key-value").isolatedHome(temp.resolve("homes"))
        .environment("ANTHROPIC_BASE_URL", "http://127.0.0.1:9").build());
    AgentRequest request = AgentRequest.of(ID, "prompt", "--not-an-option\nline two", temp)
        .withResume("e452cd39-0a5a-48a8-9e75-8f3c5993e4e7");

    AgentOutcome outcome = executor.execute(request, event -> {});

    assertTrue(outcome.success(), outcome::errorMessage);
    assertEquals(List.of("-p", "--output-format", "stream-json", "--verbose", "--model", "opus", "--max-turns", "5",
        "--dangerously-skip-permissions", "--resume", "e452cd39-0a5a-48a8-9e75-8f3c5993e4e7"), cli.args());
    assertEquals("--not-an-option\nline two", cli.stdin());
    List<String> env = cli.env();
    assertTrue(env.contains("HOME=" + temp.resolve("homes").resolve(ID.value())), env.toString());
    assertTrue(env.containsAll(List.of("IS_SANDBOX=1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
        "DISABLE_TELEMETRY=1", "DISABLE_AUTOUPDATER=1", "ANTHROPIC_API_KEY=secret-key-value",
        "ANTHROPIC_BASE_URL=http://127.0.0.1:9")), env.toString());
    assertFalse(env.stream().anyMatch(v -> v.startsWith("CLAUDE_CODE_MAX_RETRIES=")), "not set unless configured");
  }

  @Test
  @DisplayName("without skip-permissions, max turns or resume the optional arguments are left out")
  void minimalCommand() {
    FakeCli cli = FakeCli.create(temp.resolve("cli"), StreamJsonParserTest.lines("02_resume_text_only.jsonl"), 0);
    new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {});

    assertEquals(List.of("-p", "--output-format", "stream-json", "--verbose", "--model", "sonnet"), cli.args());
    assertFalse(cli.env().contains("IS_SANDBOX=1"));
  }

  @Test
  @DisplayName("exit code 0 without a result line (what SIGINT gives) is a failure")
  void exitZeroWithoutResultFails() {
    List<String> initOnly = StreamJsonParserTest.lines("01_bash_tool_use_success.jsonl").subList(0, 1);
    FakeCli cli = FakeCli.create(temp.resolve("cli"), initOnly, 0);

    AgentOutcome outcome = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {});

    assertFalse(outcome.success());
    assertEquals("the Claude Code CLI ended without a result line (exit code 0)", outcome.errorMessage());
    assertEquals("eae5942f-0314-460a-887a-68da3c2d478c", outcome.sessionId());
  }

  @Test
  @DisplayName("a successful result with a non-zero exit code is still a failure")
  void nonZeroExitWithSuccessfulResultFails() {
    FakeCli cli = FakeCli.create(temp.resolve("cli"), StreamJsonParserTest.lines("02_resume_text_only.jsonl"), 3);

    AgentOutcome outcome = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {});

    assertFalse(outcome.success());
    assertEquals("the Claude Code CLI reported success but exit code 3", outcome.errorMessage());
  }

  @Test
  @DisplayName("malformed lines and a throwing listener do not stop the stream")
  void malformedLinesAndThrowingListener() {
    List<String> transcript = new ArrayList<>(StreamJsonParserTest.lines("01_bash_tool_use_success.jsonl"));
    transcript.add(1, "this is not json");
    FakeCli cli = FakeCli.create(temp.resolve("cli"), transcript, 0);
    List<String> types = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();

    AgentOutcome outcome = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {
          types.add(event.type());
          if (calls.incrementAndGet() % 2 == 0) {
            throw new IllegalStateException("listener bug");
          }
        });

    assertTrue(outcome.success(), outcome::errorMessage);
    assertEquals(List.of("init", "malformed", "assistant_text", "usage", "tool_use", "tool_result", "assistant_text",
        "usage", "result"), types, "a message's repeated, unchanged usage is delivered once");
  }

  @Test
  @DisplayName("a run killed before its result line still reports the tokens and turns it streamed; its cost is unknown")
  void killedRunKeepsStreamedUsage() {
    List<String> transcript = new ArrayList<>(StreamJsonParserTest.lines("01_bash_tool_use_success.jsonl"));
    transcript.remove(transcript.size() - 1);
    FakeCli cli = FakeCli.create(temp.resolve("cli"), transcript, 143);

    AgentOutcome outcome = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {});

    assertFalse(outcome.success());
    assertEquals(new TokenUsage(29322 + 29440, 2, 0, 0), outcome.tokenUsage());
    assertEquals(2, outcome.turns());
    assertNull(outcome.costUsd());
  }

  @Test
  @DisplayName("the stored output is capped with a visible truncation marker")
  void outputIsCapped() {
    FakeCli cli = FakeCli.create(temp.resolve("cli"), StreamJsonParserTest.lines("01_bash_tool_use_success.jsonl"), 0);

    AgentOutcome outcome = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).maxOutputChars(5).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {});

    assertTrue(outcome.success());
    assertEquals("Done.\n[output truncated: 39 more characters]", outcome.output());
  }

  @Test
  @DisplayName("an API error line is judged by is_error and api_error_status, not by its 'success' subtype")
  void apiErrorIsJudgedByIsError() {
    FakeCli cli = FakeCli.create(temp.resolve("cli"),
        StreamJsonParserTest.lines("04_api_error_500_no_retries.jsonl"), 1);
    List<AgentEvent> events = new ArrayList<>();

    AgentOutcome outcome = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script).build())
        .execute(AgentRequest.of(ID, "plan", "hi", temp), events::add);

    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().startsWith("API error: HTTP 500: mock internal server error"), outcome.errorMessage());
    assertEquals(3, events.size());
  }
}
