package dev.awo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("WorkflowTestEnvironment runs workflows end to end without a model, git or waiting")
@Timeout(60)
class WorkflowTestEnvironmentTest {
  private static final WorkflowDefinition GATED = WorkflowJson.parse("""
      {"name": "gated", "nodes": [
        {"id": "plan", "type": "agent_call", "template": "planner_feature", "arguments": ["$context.task"]},
        {"id": "approval", "type": "human_gate", "inputs": {"message": "Ship $plan.output?"}},
        {"id": "implement", "type": "agent_call", "template": "implementor", "arguments": ["$plan.output"]}],
       "edges": [{"from": "plan", "to": "approval"}, {"from": "approval", "to": "implement"}]}
      """);

  private static final WorkflowDefinition RETRYING = WorkflowJson.parse("""
      {"name": "retrying", "nodes": [
        {"id": "tests", "type": "agent_call", "template": "implementor", "arguments": ["$context.task"],
         "retry": {"max_attempts": 3, "initial_delay": "PT30S", "multiplier": 2.0, "jitter": 0.0}}]}
      """);

  @Test
  @DisplayName("the default workflow completes with seven saves, versions 1..7, each announced after it was stored")
  void defaultWorkflow() {
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().build()) {
      WorkOrder done = env.run("Add a --verbose flag");
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), env.savedVersions(done.id()));
      List<WorkOrderEvent.HistorySaved> saved = env.events(done.id(), WorkOrderEvent.HistorySaved.class);
      assertEquals(env.saves(done.id()), saved.stream().map(WorkOrderEvent.HistorySaved::snapshot).toList());
      assertEquals(List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr"),
          env.agent().steps());
      assertEquals("https://github.com/acme/widgets/pull/1", done.prUrl());
      assertEquals("feature-" + done.id().value(), done.branchName());
      assertTrue(env.sandboxes().sandbox(done.id()).orElseThrow().isCleanedUp());
      assertEquals(WorkOrderStatus.COMPLETED, env.statuses(done.id()).get(env.statuses(done.id()).size() - 1));
    }
  }

  @Test
  @DisplayName("a gate parks the run; approve runs the rest, and the decision is saved as a step")
  void approveAGate() {
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(GATED)
        .agent(ScriptedAgent.builder().answer("plan", "add the flag").build()).build()) {
      WorkOrder waiting = env.run("Add a --verbose flag");
      assertEquals(WorkOrderStatus.WAITING, waiting.status());
      assertEquals(Map.of("approval", "Ship add the flag?"), env.waitingGates(waiting.id()));
      WorkOrder done = env.approve(waiting.id(), "approval");
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(List.of("plan", "approval", "implement"),
          env.saves(done.id()).get(2).results().stream().map(StepResult::step).toList());
      assertEquals(List.of(1L, 2L, 3L), env.savedVersions(done.id()));
    }
  }

  @Test
  @DisplayName("a rejected gate fails the work order with the reason; nothing after it runs")
  void rejectAGate() {
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(GATED).build()) {
      WorkOrder waiting = env.run("Add a --verbose flag");
      WorkOrder failed = env.reject(waiting.id(), "approval", "not now");
      assertEquals(WorkOrderStatus.FAILED, failed.status());
      assertTrue(failed.errorMessage().contains("not now"), failed.errorMessage());
      assertEquals(List.of("plan"), env.agent().steps());
    }
  }

  @Test
  @DisplayName("retries back off on the virtual clock: minutes of backoff take no time, and every attempt is saved")
  void retriesOnVirtualTime() {
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(RETRYING)
        .agent(ScriptedAgent.builder().failFirst("tests", 2, "flaky test").build()).build()) {
      Instant start = env.clock().instant();
      WorkOrder done = env.run("Fix the flaky test");
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(List.of(StepOutcome.FAILED, StepOutcome.FAILED, StepOutcome.SUCCEEDED),
          env.saves(done.id()).get(2).results().stream().map(StepResult::outcome).toList());
      assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(60)), env.sleeper().sleeps());
      assertEquals(start.plusSeconds(90), env.clock().instant());
    }
  }

  @Test
  @DisplayName("a scripted failure fails its step with the scripted message")
  void scriptedFailure() {
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .agent(ScriptedAgent.forDefaultWorkflow().fail("implement", "compilation failed").build()).build()) {
      WorkOrder failed = env.run("Add a --verbose flag");
      assertEquals(WorkOrderStatus.FAILED, failed.status());
      StepResult last = env.saves(failed.id()).get(env.saves(failed.id()).size() - 1).latest().orElseThrow();
      assertEquals("implement", last.step());
      assertTrue(last.errorMessage().contains("compilation failed"), last.errorMessage());
    }
  }

  @Test
  @DisplayName("the virtual clock never goes back")
  void clockRefusesToGoBack() {
    VirtualClock clock = VirtualClock.start();
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    assertEquals(VirtualClock.DEFAULT_START.plusSeconds(5), clock.advance(Duration.ofSeconds(5)));
  }
}
