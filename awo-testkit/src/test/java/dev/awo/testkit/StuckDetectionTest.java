package dev.awo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.workflow.StuckDetection;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Stuck detection stops an agent that loops on one tool call or goes silent")
@Timeout(60)
class StuckDetectionTest {
  private static final String LS = "{\"command\": \"ls -la\"}";

  private static WorkflowDefinition oneNode(String stuckJson) {
    return WorkflowJson.parse("""
        {"name": "loop", %s "nodes": [
          {"id": "work", "type": "agent_call", "template": "implementor", "arguments": ["$context.task"]}]}
        """.formatted(stuckJson));
  }

  /** Calls the same tool with the same input up to 50 times, counting the calls, until stopped. */
  private static ScriptedAgent looper(AtomicInteger calls) {
    return ScriptedAgent.builder().reply("work", call -> {
      for (int i = 0; i < 50 && !call.stopped(); i++) {
        call.toolUse("Bash", LS);
        calls.incrementAndGet();
      }
      return "looped";
    }).build();
  }

  private static StepResult last(WorkflowTestEnvironment env, WorkOrderId id) {
    List<StepResult> results = env.orchestrator().stepHistory(id).results();
    return results.get(results.size() - 1);
  }

  @Test
  @DisplayName("the same tool call with the same input 5 times in a row (the default) stops the attempt as failed")
  void repeatedToolCallDefault() {
    AtomicInteger calls = new AtomicInteger();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(oneNode("")).agent(looper(calls))
        .build()) {
      WorkOrder done = env.run("Loop");

      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals(5, calls.get());
      StepResult stuck = last(env, done.id());
      assertEquals(StepOutcome.FAILED, stuck.outcome());
      assertEquals("stuck: the agent called Bash with the same input 5 times in a row ({\"command\": \"ls -la\"}); "
          + "the agent was stopped", stuck.errorMessage());
      assertEquals(5, stuck.turns());
    }
  }

  @Test
  @DisplayName("the workflow's stuck_detection sets N; other calls in between reset the count")
  void repeatedToolCallFromJson() {
    AtomicInteger calls = new AtomicInteger();
    ScriptedAgent agent = ScriptedAgent.builder().reply("work", call -> {
      call.toolUse("Bash", LS);
      call.toolUse("Bash", LS);
      call.toolUse("Read", "{\"file_path\": \"a\"}");
      for (int i = 0; i < 50 && !call.stopped(); i++) {
        call.toolUse("Bash", LS);
        calls.incrementAndGet();
      }
      return "looped";
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .workflow(oneNode("\"stuck_detection\": {\"repeated_tool_calls\": 3},")).agent(agent).build()) {
      WorkOrder done = env.run("Loop");
      assertEquals(3, calls.get(), "the Read call broke the first run of two");
      assertTrue(last(env, done.id()).errorMessage().contains("3 times in a row"), last(env, done.id()).errorMessage());
    }
  }

  @Test
  @DisplayName("switched off (repeated_tool_calls 0), a loop runs to its own end")
  void repeatedToolCallOff() {
    AtomicInteger calls = new AtomicInteger();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder()
        .workflow(oneNode("\"stuck_detection\": {\"repeated_tool_calls\": 0},")).agent(looper(calls)).build()) {
      WorkOrder done = env.run("Loop");
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(50, calls.get());
    }
  }

  @Test
  @DisplayName("no agent event for the silence limit (10 min by default) stops the attempt, on the virtual clock")
  void silence() throws Exception {
    CountDownLatch quiet = new CountDownLatch(1);
    AtomicBoolean stopped = new AtomicBoolean();
    ScriptedAgent agent = ScriptedAgent.builder().reply("work", call -> {
      call.message("thinking", new TokenUsage(100, 1, 0, 0), "claude-sonnet-4-5");
      quiet.countDown();
      stopped.set(call.awaitStop(Duration.ofSeconds(30)));
      return "woke up";
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(oneNode("")).agent(agent).build()) {
      WorkOrderId id = env.orchestrator().submit(WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL,
          "Hang").workflow("loop").build());
      assertTrue(quiet.await(30, TimeUnit.SECONDS));
      env.clock().advance(Duration.ofMinutes(9));
      env.clock().advance(Duration.ofMinutes(1));
      WorkOrder done = env.orchestrator().completion(id).get(30, TimeUnit.SECONDS);

      assertTrue(stopped.get(), "the agent was stopped, not left to time out");
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals("stuck: no agent event for 10 min (the silence limit is 10 min); the agent was stopped",
          last(env, id).errorMessage());
      assertEquals(List.of(), env.sleeper().sleeps(), "nothing slept");
    }
  }

  @Test
  @DisplayName("with the silence check off (the orchestrator's StuckDetection.OFF), a quiet agent is left alone")
  void silenceOff() throws Exception {
    CountDownLatch quiet = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ScriptedAgent agent = ScriptedAgent.builder().reply("work", call -> {
      quiet.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
      return "done";
    }).build();
    try (WorkflowTestEnvironment env = WorkflowTestEnvironment.builder().workflow(oneNode("")).agent(agent)
        .configure(b -> b.stuckDetection(StuckDetection.OFF)).build()) {
      WorkOrderId id = env.orchestrator().submit(WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL,
          "Hang").workflow("loop").build());
      assertTrue(quiet.await(30, TimeUnit.SECONDS));
      env.clock().advance(Duration.ofHours(5));
      Thread.sleep(5 * 200); // five watchdog ticks: a silence check that was on would have fired
      release.countDown();
      WorkOrder done = env.orchestrator().completion(id).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertTrue(!interrupted.get());
    }
  }
}
