package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.mock.MockReply;
import dev.awo.spi.agent.AgentOutcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClaudeCodeExecutor with the real CLI: sessions")
class ClaudeCodeExecutorSessionTest extends RealCliFixture {

  @Test
  @DisplayName("a resumed run keeps the session id and re-sends the earlier exchange to the API")
  void resumeKeepsSessionAndHistory() {
    api.enqueue(MockReply.text("First answer ALPHA."), MockReply.text("Second answer BETA."));
    ClaudeCodeExecutor executor = executor();

    AgentOutcome first = executor.execute(request("First prompt ONE."), new RecordingListener());
    AgentOutcome second = executor.execute(
        request("Follow-up prompt TWO.").withResume(first.sessionId()), new RecordingListener());

    assertTrue(first.success(), first::errorMessage);
    assertTrue(second.success(), second::errorMessage);
    assertEquals(first.sessionId(), second.sessionId());
    assertEquals("Second answer BETA.", second.output());
    String resumedBody = api.messageRequests().get(api.messageRequests().size() - 1).body();
    assertTrue(resumedBody.contains("First prompt ONE."), "earlier prompt re-sent");
    assertTrue(resumedBody.contains("First answer ALPHA."), "earlier answer re-sent");
    assertTrue(resumedBody.contains("Follow-up prompt TWO."), "new prompt sent");
  }

  @Test
  @DisplayName("resuming a session that does not exist fails with 'no conversation to resume'")
  void resumeOfUnknownSessionFails() {
    String unknown = "00000000-0000-4000-8000-000000000000";

    AgentOutcome outcome = executor().execute(request("Continue.").withResume(unknown), new RecordingListener());

    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().startsWith("no conversation to resume: session " + unknown),
        outcome.errorMessage());
    assertTrue(api.messageRequests().isEmpty(), "nothing was sent to the API");
  }
}
