package dev.awo.examples.http;

import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Wraps an agent so that each call first reports live activity as Claude Code does: assistant
 * text, then {@value #TOOLS} tool calls (Read, Grep, Bash) each followed by its result, with {@code
 * pause} before every event, so that a watcher sees the events arrive one by one while the step
 * runs. Then the wrapped agent does the step's real work.
 */
final class ToolUsingAgent implements AgentExecutor {
  static final int TOOLS = 3;
  /** A credential-shaped string the Bash call's input carries: no stream may show it. */
  static final String PLANTED_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
  private static final int MAX_PAUSES = 20;

  private final AgentExecutor work;
  private final Duration pause;

  ToolUsingAgent(AgentExecutor work, Duration pause) {
    this.work = work;
    this.pause = pause;
  }

  @Override
  public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
    String step = request.step();
    emit(events, new AgentEvent.AssistantText("m-" + step, "I will look at the code for " + step + " first."));
    String[][] tools = {
        {"Read", "{\"file_path\":\"src/main/java/App.java\"}", "public class App { /* 40 lines */ }"},
        {"Grep", "{\"pattern\":\"verbose\",\"path\":\"src\"}", "src/main/java/App.java:12: boolean verbose;"},
        {"Bash", "{\"command\":\"GH_TOKEN=" + PLANTED_TOKEN + " mvn -q test\",\"description\":\"run the tests\"}",
            "Tests run: 12, Failures: 0"}};
    for (int i = 0; i < tools.length; i++) {
      String useId = "toolu_" + step + "_" + i;
      emit(events, new AgentEvent.ToolUse("m-" + step, useId, tools[i][0], tools[i][1]));
      emit(events, new AgentEvent.ToolResult(useId, tools[i][2], false));
    }
    return work.execute(request, events);
  }

  private void emit(Consumer<AgentEvent> events, AgentEvent event) {
    if (!pause.isZero()) {
      try {
        Thread.sleep(Math.min(pause.toMillis(), MAX_PAUSES * 100L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    events.accept(event);
  }
}
