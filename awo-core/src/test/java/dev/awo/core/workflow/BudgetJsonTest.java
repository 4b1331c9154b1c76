package dev.awo.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Budgets and stuck detection in workflow definitions")
class BudgetJsonTest {
  private static final String NODE = "{\"id\": \"a\", \"type\": \"agent_call\", \"template\": \"t\"%s}";

  private static String wf(String top, String node) {
    return "{\"name\": \"w\", " + top + " \"nodes\": [" + NODE.formatted(node) + "]}";
  }

  @Test
  @DisplayName("the workflow's budget and stuck detection and a node's budget read into the model")
  void reads() {
    WorkflowDefinition d = WorkflowJson.parse(wf(
        "\"budget\": {\"max_cost_usd\": 2.50, \"max_turns\": 40}, "
            + "\"stuck_detection\": {\"repeated_tool_calls\": 8, \"silence\": \"PT20M\"},",
        ", \"budget\": {\"max_turns\": 7}"));
    assertEquals(Budget.of(new BigDecimal("2.5"), 40), d.budget());
    assertEquals(new StuckDetection(8, Duration.ofMinutes(20)), d.stuckDetection());
    assertEquals(Budget.maxTurns(7), ((AgentCall) d.nodes().get(0)).budget());
  }

  @Test
  @DisplayName("without them: no budget, and the orchestrator's stuck detection (null here)")
  void defaults() {
    WorkflowDefinition d = WorkflowJson.parse(wf("", ""));
    assertEquals(Budget.NONE, d.budget());
    assertNull(d.stuckDetection());
    assertEquals(Budget.NONE, ((AgentCall) d.nodes().get(0)).budget());
  }

  @Test
  @DisplayName("a missing stuck_detection field keeps the default, 0 switches a check off")
  void stuckDetectionPartsAndOff() {
    assertEquals(new StuckDetection(5, null),
        WorkflowJson.parse(wf("\"stuck_detection\": {\"silence\": 0},", "")).stuckDetection());
    assertEquals(new StuckDetection(0, Duration.ofMinutes(10)),
        WorkflowJson.parse(wf("\"stuck_detection\": {\"repeated_tool_calls\": 0},", "")).stuckDetection());
  }

  @Test
  @DisplayName("budgets and stuck detection write and read back equal, OFF included")
  void roundTrip() {
    WorkflowDefinition d = WorkflowDefinition.builder("w").budget(Budget.of(new BigDecimal("0.75"), 12))
        .stuckDetection(StuckDetection.OFF)
        .node(NodeDefinition.agentCall("a", "t").budget(Budget.maxCostUsd(new BigDecimal("0.10"))).build()).build();
    String json = WorkflowJson.write(d);
    assertEquals(d, WorkflowJson.parse(json), json);
    assertTrue(json.contains("\"max_cost_usd\" : 0.75"), json);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(wf("\"budget\": 5,", ""), "the workflow: 'budget' must be an object (max_cost_usd, max_turns)"),
        Arguments.of(wf("\"budget\": {\"max_cost\": 5},", ""), "the workflow: unknown field 'budget.max_cost'"),
        Arguments.of(wf("\"budget\": {\"max_cost_usd\": \"5\"},", ""),
            "'budget.max_cost_usd' must be a number of US dollars such as 2.5, not the string \"5\""),
        Arguments.of(wf("\"budget\": {\"max_cost_usd\": 0},", ""), "'budget.max_cost_usd' must be more than 0"),
        Arguments.of(wf("", ", \"budget\": {\"max_turns\": 0}"), "node 'a': 'budget.max_turns' must be 1 or more, got 0"),
        Arguments.of(wf("", ", \"budget\": {\"max_turns\": 2.5}"), "node 'a': 'budget.max_turns' must be a whole number"),
        Arguments.of(wf("\"stuck_detection\": {\"repeated_tool_calls\": 1},", ""),
            "'stuck_detection.repeated_tool_calls' must be 0 (off) or from 2 to 10000, got 1"),
        Arguments.of(wf("\"stuck_detection\": {\"silence\": \"ten minutes\"},", ""),
            "'stuck_detection.silence' is 'ten minutes', which is not a duration"),
        Arguments.of(wf("\"stuck_detection\": {\"quiet\": 5},", ""), "unknown field 'stuck_detection.quiet'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refused")
  @DisplayName("bad budgets and stuck detection are refused naming the field")
  void refusedWithAMessage(String json, String expected) {
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> WorkflowJson.parse(json));
    String problems = e.problems().stream().map(WorkflowProblem::toString).collect(Collectors.joining("\n"));
    assertTrue(problems.contains(expected), "expected '" + expected + "' in:\n" + problems);
  }

  @Test
  @DisplayName("the value types refuse bad limits at once")
  void valueChecks() {
    assertThrows(InvalidInputException.class, () -> Budget.maxCostUsd(new BigDecimal("-1")));
    assertThrows(InvalidInputException.class, () -> Budget.maxCostUsd(new BigDecimal("2000000")));
    assertThrows(InvalidInputException.class, () -> Budget.maxTurns(0));
    assertThrows(InvalidInputException.class, () -> new StuckDetection(-1, null));
    assertThrows(InvalidInputException.class, () -> new StuckDetection(5, Duration.ZERO));
    assertEquals(Budget.of(new BigDecimal("1"), 3), Budget.maxCostUsd(new BigDecimal("1.00")).orElse(Budget.maxTurns(3)));
  }
}
