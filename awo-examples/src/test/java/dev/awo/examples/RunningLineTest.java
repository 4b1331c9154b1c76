package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.event.WorkOrderEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runner's running line: elapsed time and the agent's latest action")
class RunningLineTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Pattern CONTROLS = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x{9F}]");

  private final AtomicLong nanos = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private ConsoleProgress progress(boolean interactive) {
    return new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, nanos::get, false);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static WorkOrderEvent.StepStarted started() {
    return new WorkOrderEvent.StepStarted(ID, T0, "generate_branch", 1, 4, 7);
  }

  private static WorkOrderEvent.AgentEventReceived agent(AgentEvent event) {
    return new WorkOrderEvent.AgentEventReceived(ID, T0, "generate_branch", event);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  @DisplayName("on a terminal the line is redrawn with \\r at each agent action and each tick, time moving")
  void terminalRedraws() {
    ConsoleProgress p = progress(true);
    p.onEvent(started());
    advance(Duration.ofSeconds(65));
    p.onEvent(agent(new AgentEvent.ToolUse("m1", "t1", "Bash", "{\"command\":\"git checkout -b feature-x\","
        + "\"description\":\"Create the branch\"}")));
    advance(Duration.ofSeconds(10));
    p.tick();

    assertEquals("\r\033[2K[4/7] generate_branch  0s  running..."
        + "\r\033[2K[4/7] generate_branch  1m05s  Bash: git checkout -b feature-x"
        + "\r\033[2K[4/7] generate_branch  1m15s  Bash: git checkout -b feature-x", printed());
  }

  @Test
  @DisplayName("text the agent writes is shown as says:, cut to one safe line; a tool result changes nothing")
  void textAndResults() {
    ConsoleProgress p = progress(true);
    p.onEvent(started());
    p.onEvent(agent(new AgentEvent.AssistantText("m1", "I'll create\nthe branch \u001B[2J now." + "x".repeat(200))));
    p.onEvent(agent(new AgentEvent.ToolResult("t1", "Switched to a new branch", false)));
    String last = printed().substring(printed().lastIndexOf("\r\033[2K") + 5);
    assertTrue(last.startsWith("[4/7] generate_branch  0s  says: I'll create the branch now.x"), last);
    assertTrue(last.endsWith("..."), last);
    assertFalse(CONTROLS.matcher(last).find(), last);
    assertEquals(2, printed().split("\r", -1).length - 1, "the tool result drew nothing");
  }

  @Test
  @DisplayName("elsewhere nothing is redrawn: no control characters, a plain line once a minute of a long step")
  void plainLinesElsewhere() {
    ConsoleProgress p = progress(false);
    p.onEvent(started());
    p.onEvent(agent(new AgentEvent.ToolUse("m1", "t1", "Write", "{\"file_path\":\"specs/plan.md\",\"content\":\"x\"}")));
    advance(Duration.ofSeconds(30));
    p.tick();
    assertEquals("", printed(), "a short step prints nothing until its result");
    advance(Duration.ofSeconds(31));
    p.tick();
    p.tick();
    assertEquals("[4/7] generate_branch  1m01s  Write: specs/plan.md" + System.lineSeparator(), printed());
    p.onEvent(new WorkOrderEvent.HistorySaved(ID, T0, StepHistory.empty(ID).append(result()), result()));
    assertFalse(CONTROLS.matcher(printed().replace(System.lineSeparator(), "")).find(), printed());
    assertTrue(printed().contains("[4/7] generate_branch  ok"), printed());
    advance(Duration.ofMinutes(5));
    p.tick();
    assertFalse(printed().contains("6m"), "an ended step has no heartbeat: " + printed());
  }

  private static StepResult result() {
    return StepResult.builder("generate_branch", T0).succeeded("feature-x").duration(Duration.ofSeconds(61)).build();
  }
}
