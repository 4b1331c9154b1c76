package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.mock.MockReply;
import dev.awo.claude.mock.RecordedRequest;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClaudeCodeExecutor with the real CLI: tool use, events, cost")
class ClaudeCodeExecutorToolUseTest extends RealCliFixture {

  @Test
  @DisplayName("a Bash tool use really changes the sandbox and every step arrives as a typed event")
  void bashToolUseChangesTheSandbox() throws Exception {
    api.enqueue(
        MockReply.toolUse("Bash", "{\"command\":\"mkdir -p specs && echo planned > specs/plan.md && echo created\","
            + "\"description\":\"Create the plan\"}"),
        MockReply.text("Done. I created specs/plan.md."));
    RecordingListener events = new RecordingListener();

    AgentOutcome outcome = executor().execute(request("Write the plan."), events);

    assertTrue(outcome.success(), outcome::errorMessage);
    assertEquals("planned\n", read(sandbox.resolve("specs/plan.md")));
    assertEquals("Done. I created specs/plan.md.", outcome.output());
    assertEquals(List.of("init", "assistant_text", "usage", "tool_use", "tool_result", "assistant_text", "usage", "result"),
        events.types());
    AgentEvent.Init init = events.ofType(AgentEvent.Init.class).get(0);
    assertEquals(outcome.sessionId(), init.sessionId());
    assertEquals(sandbox.toRealPath().toString(), init.workingDirectory());
    AgentEvent.ToolUse tool = events.ofType(AgentEvent.ToolUse.class).get(0);
    assertEquals("Bash", tool.toolName());
    assertTrue(tool.inputJson().contains("specs/plan.md"), tool.inputJson());
    AgentEvent.ToolResult toolResult = events.ofType(AgentEvent.ToolResult.class).get(0);
    assertEquals(tool.toolUseId(), toolResult.toolUseId());
    assertEquals("created", toolResult.content());
    assertFalse(toolResult.error());
  }

  @Test
  @DisplayName("a Write tool use creates the file it names")
  void writeToolUseCreatesTheFile() {
    String path = sandbox.resolve("specs/write.md").toString();
    api.enqueue(
        MockReply.toolUse("Write", "{\"file_path\":\"" + path + "\",\"content\":\"# Plan\\n\\n1. Do it.\\n\"}"),
        MockReply.text("Written."));
    RecordingListener events = new RecordingListener();

    AgentOutcome outcome = executor().execute(request("Write the plan with the Write tool."), events);

    assertTrue(outcome.success(), outcome::errorMessage);
    assertEquals("# Plan\n\n1. Do it.\n", read(sandbox.resolve("specs/write.md")));
    assertEquals("Write", events.ofType(AgentEvent.ToolUse.class).get(0).toolName());
  }

  @Test
  @DisplayName("cost, token usage, turns and durations are recorded, and the configured model is sent")
  void costAndUsageAreRecorded() {
    api.enqueue(MockReply.text("Plain answer."));
    RecordingListener events = new RecordingListener();

    AgentOutcome outcome = new ClaudeCodeExecutor(config().model("opus").build())
        .execute(request("Answer plainly."), events);

    assertTrue(outcome.success(), outcome::errorMessage);
    assertNotNull(outcome.costUsd());
    assertTrue(outcome.costUsd().compareTo(BigDecimal.ZERO) > 0, "cost " + outcome.costUsd());
    assertEquals(1000, outcome.tokenUsage().inputTokens());
    assertEquals(25, outcome.tokenUsage().outputTokens());
    assertEquals(1, outcome.turns());
    AgentEvent.Result result = events.ofType(AgentEvent.Result.class).get(0);
    assertNotNull(result.duration());
    assertNotNull(result.apiDuration());
    RecordedRequest sent = api.messageRequests().get(0);
    assertTrue(sent.body().contains("\"model\":\"claude-opus"), "model alias opus resolved and sent");
    assertTrue(sent.body().contains("Answer plainly."), "the prompt from stdin was sent");
  }

  @Test
  @DisplayName("a prompt over 128 KiB (the kernel's per-argument limit) reaches the API whole")
  void hugePromptWorks() {
    api.enqueue(MockReply.text("Read it all."));
    String prompt = "BEGIN-MARKER " + "lorem ipsum ".repeat(200 * 1024 / 12) + " END-MARKER";
    assertTrue(prompt.length() > 200 * 1024);

    AgentOutcome outcome = executor().execute(request(prompt), new RecordingListener());

    assertTrue(outcome.success(), outcome::errorMessage);
    String body = api.messageRequests().get(0).body();
    assertTrue(body.contains("BEGIN-MARKER") && body.contains("END-MARKER"));
    assertTrue(body.length() > prompt.length());
  }

  @Test
  @DisplayName("the API key never appears in events or outputs, even when the agent prints it")
  void apiKeyNeverLeaks() throws Exception {
    api.enqueue(
        MockReply.toolUse("Bash", "{\"command\":\"echo key=$ANTHROPIC_API_KEY\"}"),
        MockReply.text("The key is " + API_KEY + "."));
    RecordingListener events = new RecordingListener();

    AgentOutcome outcome = executor().execute(request("Print your key."), events);

    assertTrue(outcome.success(), outcome::errorMessage);
    assertFalse(outcome.toString().contains(API_KEY), outcome.toString());
    assertEquals("The key is ***.", outcome.output());
    for (AgentEvent event : events.events()) {
      assertFalse(event.toString().contains(API_KEY), event.toString());
    }
    assertEquals("***", api.messageRequests().get(0).headers().get("x-api-key"));
    assertFalse(executor().config().toString().contains(API_KEY));
    assertTrue(Files.isDirectory(homes.resolve(WORK_ORDER.value())), "isolated HOME per work order");
  }
}
