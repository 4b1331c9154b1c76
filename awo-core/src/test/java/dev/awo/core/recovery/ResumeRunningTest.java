package dev.awo.core.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.RecoveryReport;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A crash while a step runs, staged in the repositories as a kill -9 leaves them (status running,
 * the step in flight as current step, the steps before it saved, the sandbox on disk), then
 * recover() on a new orchestrator.
 */
@DisplayName("recover(): a running work order goes on from its last saved step")
@Timeout(60)
class ResumeRunningTest {
  @TempDir Path base;

  /** The seven results of a whole run, as the default workflow saves them. */
  private static List<StepResult> fullRun(Path dir) {
    Harness h = new Harness(dir);
    try (WorkflowOrchestrator o = h.builder().build()) {
      WorkOrder done = o.run(Harness.request());
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      return o.stepHistory(done.id()).results();
    }
  }

  /** Stages the repositories of a crash inside step {@code k} (0-based) of the default workflow. */
  private static WorkOrder stageCrash(Harness h, InMemoryWorkOrderRepository orders, List<StepResult> run, int k,
      List<StepResult> extra) throws Exception {
    WorkOrder order = WorkOrder.builder(dev.awo.domain.WorkOrderId.of("wo-00000001"),
            "https://github.com/acme/widgets", "Add a --verbose flag")
        .workflow(DefaultWorkflow.NAME).status(WorkOrderStatus.RUNNING).currentStep(DefaultWorkflow.STEPS.get(k))
        .baseCommit("0".repeat(40)).createdAt(h.clock.instant()).build();
    var sandbox = h.sandboxes.create(new SandboxRequest(order.id(), order.repositoryUrl(), order.sandboxType()));
    if (k > 1) {
      Path specs = Files.createDirectories(sandbox.workingDirectory().resolve("specs"));
      Files.writeString(specs.resolve(order.id() + "-feature-plan.md"), "# Plan\n");
    }
    if (k > 3) {
      String branch = run.get(3).data().get("branch");
      h.sandboxes.sandbox(order.id()).checkout(branch);
      order = order.toBuilder().branchName(branch).build();
    }
    orders.save(order);
    List<StepResult> saved = new ArrayList<>(run.subList(0, k));
    saved.addAll(extra);
    if (!saved.isEmpty()) {
      h.histories.save(StepHistory.of(order.id(), saved));
    }
    return order;
  }

  @ParameterizedTest(name = "crash inside step {0}: that attempt is recorded interrupted, retried once, nothing saved runs again")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
  void crashInsideAStep(int k) throws Exception {
    List<StepResult> run = fullRun(base.resolve("first"));
    Harness h = new Harness(base.resolve("second"));
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder crashed = stageCrash(h, orders, run, k, List.of());
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(orders).build()) {
      RecoveryReport report = o.recover();
      assertEquals(List.of(crashed.id()), report.resumed(), report.toString());
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      List<StepResult> history = o.stepHistory(crashed.id()).results();
      assertEquals(run.subList(0, k), history.subList(0, k), "the saved steps are kept as they were");
      StepResult interrupted = history.get(k);
      assertEquals(DefaultWorkflow.STEPS.get(k), interrupted.step());
      assertEquals(StepOutcome.INTERRUPTED, interrupted.outcome());
      assertEquals(1, interrupted.attempt());
      assertTrue(interrupted.errorMessage().contains("was running when its orchestrator stopped")
          && interrupted.errorMessage().contains("runs again as attempt 2"), interrupted.errorMessage());
      assertEquals(2, history.get(k + 1).attempt());
      assertEquals(DefaultWorkflow.STEPS.subList(k, 7), history.subList(k + 1, history.size()).stream()
          .map(StepResult::step).toList(), "each step from the interrupted one on runs once more, no other");
      assertEquals(DefaultWorkflow.STEPS.subList(k, 7), h.agent.requests().stream().map(AgentRequest::step).toList());
      assertEquals(1, h.sandboxes.created(), "the sandbox the crash left is re-attached, no new one made");
      assertTrue(h.sandboxes.cleanedUp(crashed.id()));
    }
  }

  @Test
  @DisplayName("a crash between two steps resumes with the next step, recording nothing interrupted")
  void crashAtABoundary() throws Exception {
    List<StepResult> run = fullRun(base.resolve("first"));
    Harness h = new Harness(base.resolve("second"));
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder crashed = stageCrash(h, orders, run, 4, List.of());
    orders.save(crashed.toBuilder().currentStep("generate_branch").build()); // implement not announced yet
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(orders).build()) {
      o.recover();
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(DefaultWorkflow.STEPS, o.stepHistory(crashed.id()).results().stream().map(StepResult::step).toList());
    }
  }

  @Test
  @DisplayName("a crash after the last step was saved, before the final status: recovery completes it, running nothing")
  void crashAfterTheLastStep() throws Exception {
    List<StepResult> run = fullRun(base.resolve("first"));
    Harness h = new Harness(base.resolve("second"));
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder crashed = stageCrash(h, orders, run, 6, List.of(run.get(6)));
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(orders).build()) {
      assertEquals(List.of(crashed.id()), o.recover().resumed());
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals(run, o.stepHistory(crashed.id()).results());
      assertEquals(List.of(), h.agent.requests());
      assertTrue(h.sandboxes.cleanedUp(crashed.id()));
    }
  }

  @Test
  @DisplayName("a second crash in the retry uses up the default policy: the work order fails, naming the interruption")
  void secondInterruptionFails() throws Exception {
    List<StepResult> run = fullRun(base.resolve("first"));
    Harness h = new Harness(base.resolve("second"));
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    StepResult first = StepResult.builder("implement", h.clock.instant()).agentName("implementor")
        .outcome(StepOutcome.INTERRUPTED).errorMessage("interrupted").attempt(1).build();
    WorkOrder crashed = stageCrash(h, orders, run, 4, List.of(first));
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(orders).build()) {
      o.recover();
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().startsWith("step 'implement' failed: interrupted: attempt 2 of implement")
          && done.errorMessage().contains("allows no further attempt (at most 2)"), done.errorMessage());
      assertEquals(List.of(), h.agent.requests(), "no step runs");
      assertTrue(h.sandboxes.cleanedUp(crashed.id()));
    }
  }

  @Test
  @DisplayName("a running work order whose sandbox was lost, with nothing pushed, fails with a reason and runs nothing")
  void lostSandboxFails() throws Exception {
    List<StepResult> run = fullRun(base.resolve("first"));
    Harness h = new Harness(base.resolve("second"));
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder crashed = stageCrash(h, orders, run, 4, List.of());
    h.sandboxes.lose(crashed.id());
    try (WorkflowOrchestrator o = h.builder().workOrderRepository(orders).build()) {
      assertEquals(List.of(crashed.id()), o.recover().failed());
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals("the sandbox was lost in a crash at step implement; its branch '" + crashed.branchName()
          + "' was not pushed at the commit the last saved step recorded (111111111111)", done.errorMessage());
      assertEquals(List.of(), h.agent.requests());
      StepResult last = o.stepHistory(crashed.id()).latest().orElseThrow();
      assertEquals(StepOutcome.INTERRUPTED, last.outcome(), "the attempt in flight is recorded even so");
    }
  }

  /** Stages a crash of a one-node workflow whose node "work" saved {@code failed} and was current. */
  private static WorkOrder stageFailedWork(Harness h, InMemoryWorkOrderRepository orders, String workflow,
      StepResult failed) {
    WorkOrder crashed = WorkOrder.builder(dev.awo.domain.WorkOrderId.of("wo-00000001"),
            "https://github.com/acme/widgets", "Add a flag")
        .workflow(workflow).status(WorkOrderStatus.RUNNING).currentStep("work").createdAt(h.clock.instant()).build();
    orders.save(crashed);
    h.sandboxes.create(new SandboxRequest(crashed.id(), crashed.repositoryUrl(), crashed.sandboxType()));
    h.histories.save(StepHistory.of(crashed.id(), List.of(failed)));
    return crashed;
  }

  @Test
  @DisplayName("a failed attempt saved before the crash, with retries left, goes on with the next attempt number")
  void failedAttemptWithRetriesLeft() throws Exception {
    WorkflowDefinition flaky = WorkflowDefinition.builder("flaky")
        .node(NodeDefinition.agentCall("work", "generic").retry(RetryPolicy.builder().maximumAttempts(3).build()).build())
        .build();
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder crashed = stageFailedWork(h, orders, "flaky", StepResult.builder("work", h.clock.instant())
        .failed("work failed: flaky").attempt(1).headCommit("1".repeat(40)).build());
    FunctionAgent agent = FunctionAgent.echo();
    try (WorkflowOrchestrator o = h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(flaky).workOrderRepository(orders).build()) {
      o.recover();
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      List<StepResult> history = o.stepHistory(crashed.id()).results();
      assertEquals(List.of(StepOutcome.FAILED, StepOutcome.INTERRUPTED, StepOutcome.SUCCEEDED),
          history.stream().map(StepResult::outcome).toList());
      assertEquals(List.of(1, 2, 3), history.stream().map(StepResult::attempt).toList());
    }
  }

  @ParameterizedTest(name = "a saved {0} failure its policy does not retry is not retried after the crash: the work order fails with it")
  @ValueSource(strings = {"budget_exceeded", "agent_failed"})
  void savedFailureNotRetriedByItsCategory(String category) throws Exception {
    WorkflowDefinition strict = WorkflowDefinition.builder("strict")
        .node(NodeDefinition.agentCall("work", "generic").retry(RetryPolicy.builder().maximumAttempts(3)
            .doNotRetry(dev.awo.core.workflow.FailureCategory.AGENT_FAILED).build()).build())
        .build();
    Harness h = new Harness(base);
    InMemoryWorkOrderRepository orders = new InMemoryWorkOrderRepository();
    WorkOrder crashed = stageFailedWork(h, orders, "strict", StepResult.builder("work", h.clock.instant())
        .failed("work failed: " + category).attempt(1).headCommit("1".repeat(40))
        .data(java.util.Map.of("failure_category", category)).build());
    FunctionAgent agent = FunctionAgent.echo();
    try (WorkflowOrchestrator o = h.builder().agentExecutor(agent).commandTemplates(new AnyTemplates())
        .workflow(strict).workOrderRepository(orders).build()) {
      o.recover();
      WorkOrder done = o.completion(crashed.id()).get(30, TimeUnit.SECONDS);
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("work failed: " + category), done.errorMessage());
      assertEquals(List.of(StepOutcome.FAILED), o.stepHistory(crashed.id()).results().stream()
          .map(StepResult::outcome).toList(), "no attempt made up, none run");
      assertEquals(List.of(), agent.requests());
    }
  }

  @Test
  @DisplayName("a failed attempt saves its failure category with its result, for a recovery to judge it by")
  void failedAttemptSavesItsCategory() {
    WorkflowDefinition strict = WorkflowDefinition.builder("strict")
        .node(NodeDefinition.agentCall("work", "generic").build()).build();
    Harness h = new Harness(base);
    try (WorkflowOrchestrator o = h.builder().agentExecutor(new FunctionAgent(r -> "FAIL: no luck"))
        .commandTemplates(new AnyTemplates()).workflow(strict).build()) {
      WorkOrder done = o.run(dev.awo.core.WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").workflow("strict").build());
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertEquals("agent_failed", o.stepHistory(done.id()).latest("work").orElseThrow().data().get("failure_category"));
    }
  }
}
