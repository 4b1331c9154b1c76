package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.internal.EngineParts;
import dev.awo.core.internal.Intake;
import dev.awo.core.internal.RunEntry;
import dev.awo.core.internal.RunFactory;
import dev.awo.core.internal.RunRegistry;
import dev.awo.core.KeptSandboxLimits;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

@DisplayName("The activities one at a time: a retry never saves twice, agent events beat the heartbeat")
@Timeout(60)
class WorkOrderActivitiesTest {
  @TempDir Path base;

  @Test
  @DisplayName("an agent event beats the attempt's heartbeat (the ticker is a minute away; Temporal throttles beats after the first)")
  void heartbeatsOnAgentEvents() {
    Harness host = new Harness(base);
    dev.awo.spi.agent.AgentExecutor streaming = (request, events) -> {
      for (int i = 0; i < 3; i++) {
        events.accept(new dev.awo.spi.agent.AgentEvent.AssistantText("m" + i, "part " + i));
      }
      return dev.awo.spi.agent.AgentOutcome.succeeded("done", "s", Duration.ZERO);
    };
    WorkflowOrchestratorBuilder ports = host.builder().agentExecutor(streaming).commandTemplates(new AnyTemplates())
        .workflow(DagOnTemporalTest.review());
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      EngineParts engine = AwoWorkers.heartbeating(ports.engineParts(Runnable::run));
      String id = accept(engine);
      java.util.List<Long> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
      env.setActivityHeartbeatListener(Long.class, beats::add);
      env.registerActivitiesImplementations(new WorkOrderActivitiesImpl(new WorkerRuns(engine), "own",
          Executors.newSingleThreadScheduledExecutor(), TemporalOptions.builder().heartbeatTimeout(Duration.ofMinutes(4)).build()));
      WorkOrderActivities activities = stub(env);
      activities.setUp(id, "review");
      activities.runNode(id, "check", WorkOrderActivities.NEXT_ATTEMPT);

      assertEquals(1L, beats.isEmpty() ? 0L : beats.get(0), "the first agent event's beat: " + beats);
    } finally {
      env.close();
    }
  }

  private static String accept(EngineParts engine) {
    RunEntry entry = new Intake(engine.services(), engine.workflows(), engine.ids(), new RunFactory(engine.services()),
        new RunRegistry(engine.services().workOrders(), engine.services().clock(), KeptSandboxLimits.DEFAULT))
        .accept(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("review").build());
    entry.state().writeIfUnwritten();
    return entry.id().value();
  }

  private static WorkOrderActivities stub(TestActivityEnvironment env) {
    return env.newActivityStub(WorkOrderActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofMinutes(4))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @Test
  @DisplayName("node, condition, gate decision and skip, each delivered twice (a retry after the save): one save each, the agent called once")
  void everyActivityIsIdempotent() {
    Harness host = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> "PASS");
    WorkflowOrchestratorBuilder ports = host.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(DagOnTemporalTest.review());
    EngineParts engine = ports.engineParts(Runnable::run);
    String id = accept(engine);

    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      WorkOrderActivities activities = registered(env, engine);

      activities.setUp(id, "review");
      for (int delivery = 0; delivery < 2; delivery++) {
        activities.runNode(id, "check", WorkOrderActivities.NEXT_ATTEMPT);
        activities.recordCondition(id, "green", "true");
        activities.recordSkipped(id, List.of("fix"));
        activities.decideGate(id, "approve", true, null);
      }

      StepHistory history = host.histories.find(WorkOrderId.of(id)).orElseThrow();
      assertEquals(List.of("check", "green", "fix", "approve"), history.results().stream().map(StepResult::step).toList());
      assertEquals(List.of(1L, 2L, 3L, 4L), host.histories.saved(WorkOrderId.of(id)).stream().map(StepHistory::version).toList());
      assertEquals(1, agent.requests().size());
    } finally {
      env.close();
    }
  }

  /** The activities over {@code engine}, registered in {@code env}, and a stub calling them. */
  private static WorkOrderActivities registered(TestActivityEnvironment env, EngineParts engine) {
    env.registerActivitiesImplementations(new WorkOrderActivitiesImpl(new WorkerRuns(engine), "own",
        Executors.newSingleThreadScheduledExecutor(), TemporalHarness.OPTIONS));
    return stub(env);
  }

  @Test
  @DisplayName("an attempt asked for again after its failure was saved (completion lost) answers the saved failure: nothing runs, nothing saved twice")
  void askedAttemptSavedAlreadyIsAnswered() {
    Harness host = new Harness(base);
    FunctionAgent agent = new FunctionAgent(r -> "FAIL: flaky");
    WorkflowOrchestratorBuilder ports = host.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(RetryOnTemporalTest.oneNode("review", dev.awo.core.workflow.RetryPolicy.builder().maximumAttempts(3)
            .initialInterval(Duration.ofMinutes(1)).build()));
    EngineParts engine = ports.engineParts(Runnable::run);
    String id = accept(engine);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      WorkOrderActivities activities = registered(env, engine);
      activities.setUp(id, "review");

      ApplicationFailure first = stepFailure(() -> activities.runNode(id, "a", 1));
      ApplicationFailure again = stepFailure(() -> activities.runNode(id, "a", 1));
      ApplicationFailure second = stepFailure(() -> activities.runNode(id, "a", 2));

      assertEquals(List.of(1, 1, 2), List.of(first.getDetails().get(Integer.class), again.getDetails().get(Integer.class),
          second.getDetails().get(Integer.class)), "the attempt numbers the workflow hears");
      assertEquals(List.of(false, false, false), List.of(first.isNonRetryable(), again.isNonRetryable(),
          second.isNonRetryable()), "attempts are left after each");
      assertEquals(List.of(1, 2), host.histories.find(WorkOrderId.of(id)).orElseThrow().results().stream()
          .map(StepResult::attempt).toList());
      assertEquals(2, agent.requests().size());
    } finally {
      env.close();
    }
  }

  /** The review workflow's activities on one worker, set up for a work order; the agent answers PASS. */
  private record SetUpRun(Harness host, FunctionAgent agent, String id, TestActivityEnvironment env,
      WorkOrderActivities activities) implements AutoCloseable {
    static SetUpRun of(Path base) {
      Harness host = new Harness(base);
      FunctionAgent agent = new FunctionAgent(r -> "PASS");
      EngineParts engine = host.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
          .workflow(DagOnTemporalTest.review()).engineParts(Runnable::run);
      String id = accept(engine);
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      WorkOrderActivities activities = registered(env, engine);
      activities.setUp(id, "review");
      return new SetUpRun(host, agent, id, env, activities);
    }

    List<String> saved() {
      return host.histories.find(WorkOrderId.of(id)).orElseThrow().results().stream()
          .map(r -> r.step() + " " + r.outcome() + " " + r.attempt()).toList();
    }

    @Override
    public void close() {
      env.close();
    }
  }

  @Test
  @DisplayName("a lost attempt delivered twice is recorded interrupted once; with no attempt left the node ends with it")
  void lostAttemptIsRecordedOnce() {
    try (SetUpRun run = SetUpRun.of(base)) {
      WorkOrderActivities.StepDone first = run.activities().recordInterrupted(run.id(), "check", 1);
      WorkOrderActivities.StepDone again = run.activities().recordInterrupted(run.id(), "check", 1);

      String interrupted = "interrupted: attempt 1 of check was running when its orchestrator stopped without recording"
          + " it (a crash or kill); its retry policy allows no further attempt (at most 1)";
      assertEquals("INTERRUPTED " + interrupted, first.outcome() + " " + first.error(),
          "one attempt: the node ends with the interruption, as the embedded engine ends it");
      assertEquals(first, again, "the second delivery answers as the first");
      assertEquals(List.of("check INTERRUPTED 1"), run.saved());
      assertEquals(0, run.agent().requests().size(), "nothing ran");
    }
  }

  @Test
  @DisplayName("a lost worker that saved the attempt's result before it died: nothing is recorded interrupted")
  void savedResultIsNotInterrupted() {
    try (SetUpRun run = SetUpRun.of(base)) {
      run.activities().runNode(run.id(), "check", 1);

      assertNull(run.activities().recordInterrupted(run.id(), "check", 1), "it runs on: runNode answers with the saved result");
      assertEquals(List.of("check SUCCEEDED 1"), run.saved());
    }
  }

  private static ApplicationFailure stepFailure(org.junit.jupiter.api.function.Executable call) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, call);
    ApplicationFailure app = (ApplicationFailure) failure.getCause();
    assertEquals(ActivityPlans.STEP_FAILED, app.getType());
    return app;
  }
}
