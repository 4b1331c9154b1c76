package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.mock.MockReply;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("ClaudeCodeExecutor with the real CLI: failures the agent reports")
class ClaudeCodeExecutorFailureTest extends RealCliFixture {

  @Test
  @DisplayName("an endless tool loop stops at max turns and the failure says so")
  void maxTurnsReached() {
    api.fallback(MockReply.toolUse("Bash", "{\"command\":\"echo loop >> loop.txt\"}"));
    AgentRequest request = new AgentRequest(WORK_ORDER, "implement", "Loop forever.", sandbox, null, null, 2, null);

    AgentOutcome outcome = executor().execute(request, new RecordingListener());

    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().startsWith("max turns reached (2)"), outcome.errorMessage());
    assertEquals(2, read(sandbox.resolve("loop.txt")).lines().count(), "the tool really ran twice");
    assertTrue(outcome.costUsd() != null && outcome.sessionId() != null, "cost and session kept on failure");
  }

  @ParameterizedTest(name = "HTTP {0} fails with the status in the message")
  @CsvSource({
      "500, api_error, mock internal server error, mock internal server error",
      "401, authentication_error, invalid x-api-key, Invalid API key",
      "529, overloaded_error, Overloaded, Overloaded"})
  void apiErrorIsAFailureWithItsStatus(int status, String type, String message, String shown) {
    api.enqueue(MockReply.error(status, type, message));

    AgentOutcome outcome = executor().execute(request("Hello?"), new RecordingListener());

    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().startsWith("API error: HTTP " + status + ": "), outcome.errorMessage());
    assertTrue(outcome.errorMessage().contains(shown), outcome.errorMessage());
    assertFalse(outcome.errorMessage().toLowerCase(java.util.Locale.ROOT).matches(".*api error.*api error.*"),
        "the status is said once: " + outcome.errorMessage());
    assertEquals(1, api.messageRequests().size(), "retries are off in tests");
  }

  @Test
  @DisplayName("an API request that outlasts API_TIMEOUT_MS fails as 'request timed out'")
  void apiRequestTimeout() {
    api.enqueue(MockReply.delayed(Duration.ofSeconds(30), MockReply.text("too late")));
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(config().environment("API_TIMEOUT_MS", "1500").build());

    AgentOutcome outcome = executor.execute(request("Hello?"), new RecordingListener());

    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().contains("timed out"), outcome.errorMessage());
    assertFalse(outcome.errorMessage().startsWith("timed out: the Claude Code CLI ran longer"),
        "the API request timed out, not the executor");
  }
}
