package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.HistoryNotSavedException;
import dev.awo.core.KeptSandboxLimits;
import dev.awo.core.SandboxRetention;
import dev.awo.core.SaveFailurePolicy;
import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.WorkOrderStateException;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.fixtures.Latches;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.event.WorkOrderEvent;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Follow-up prompts on Temporal resume the run's agent session in the sandbox its worker kept")
@Timeout(120)
class FollowUpOnTemporalTest {
  @TempDir Path base;

  private static final UnaryOperator<WorkflowOrchestratorBuilder> KEEP = b -> b.sandboxRetention(SandboxRetention.KEEP);

  /** Each step's agent session is named after the step, so the resumed one shows which step it was. */
  private static AgentExecutor sessionPerStep(AgentExecutor scripted) {
    return (request, events) -> {
      AgentOutcome o = scripted.execute(request, events);
      return new AgentOutcome(o.success(), o.output(), "s-" + request.step(), o.costUsd(), o.tokenUsage(), o.turns(),
          o.duration(), o.errorMessage());
    };
  }

  private static List<AgentRequest> requests(TemporalHarness t, String step) {
    return t.host.agent.requests().stream().filter(r -> r.step().equals(step)).toList();
  }

  private static StepResult promptInOtherThread(TemporalHarness t, WorkOrderId id, String text) throws Exception {
    return CompletableFuture.supplyAsync(() -> t.orders.prompt(id, text)).get(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("KEEP: a finished work order takes prompts in its sandbox, resuming the last session; saved n+1, announced")
  void promptResumesTheLastSessionInTheKeptSandbox() throws Exception {
    TemporalHarness kept;
    WorkOrderId id;
    try (TemporalHarness t = new TemporalHarness(base, KEEP)) {
      kept = t;
      id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      assertEquals(WorkOrderStatus.COMPLETED, t.await(id).status());
      assertFalse(t.host.sandboxes.cleanedUp(id), "KEEP keeps the sandbox on the worker");
      Path runDir = requests(t, "implement").get(0).workingDirectory();

      StepResult first = t.orders.prompt(id, "Also add a test for --verbose");

      assertEquals("prompt", first.step());
      assertEquals(StepOutcome.SUCCEEDED, first.outcome(), String.valueOf(first.errorMessage()));
      assertEquals(1, first.attempt());
      AgentRequest asked = requests(t, "prompt").get(0);
      assertEquals("session-" + id, asked.resumeSessionId(), "the run's last agent session is resumed");
      assertEquals(runDir, asked.workingDirectory(), "in the sandbox the run worked in");
      assertTrue(Files.isDirectory(runDir));
      assertEquals("Also add a test for --verbose", asked.prompt());
      StepHistory history = t.orders.stepHistory(id);
      assertEquals(8, history.version());
      assertEquals(8, history.size());
      assertEquals(first, history.latest().orElseThrow(), "the saved step is returned");
      List<WorkOrderEvent.HistorySaved> saved = t.host.events(WorkOrderEvent.HistorySaved.class);
      assertEquals(8L, saved.get(saved.size() - 1).snapshot().version(), "announced before prompt returned");
      assertEquals(first, saved.get(saved.size() - 1).result());
      assertEquals(WorkOrderStatus.COMPLETED, t.orders.workOrder(id).orElseThrow().status());

      StepResult second = promptInOtherThread(t, id, "And update the README");

      assertEquals(2, second.attempt(), "the next prompt is the next attempt");
      assertEquals(9, t.orders.stepHistory(id).version());
      assertEquals(runDir, requests(t, "prompt").get(1).workingDirectory());
    }
    assertTrue(kept.host.sandboxes.cleanedUp(id), "a closing worker cleans up the sandboxes it kept");
  }

  @Test
  @DisplayName("the resumed session is the last one saved: the run's last step's, then the previous prompt's")
  void resumesTheLatestSession() throws Exception {
    java.util.concurrent.atomic.AtomicReference<AgentExecutor> agent = new java.util.concurrent.atomic.AtomicReference<>();
    try (TemporalHarness t = new TemporalHarness(base, b -> b.sandboxRetention(SandboxRetention.KEEP)
        .agentExecutor((r, e) -> agent.get().execute(r, e)))) {
      agent.set(sessionPerStep(t.host.agent));
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      assertEquals(WorkOrderStatus.COMPLETED, t.await(id).status());

      t.orders.prompt(id, "one");
      t.orders.prompt(id, "two");

      List<AgentRequest> prompts = requests(t, "prompt");
      assertEquals("s-create_pr", prompts.get(0).resumeSessionId());
      assertEquals("s-prompt", prompts.get(1).resumeSessionId());
    }
  }

  @Test
  @DisplayName("a prompt while the work order still runs (waiting at a gate) is refused; once it has ended it runs")
  void promptWhileRunningIsRefused() throws Exception {
    WorkflowDefinition gated = WorkflowDefinition.builder("gated")
        .node(NodeDefinition.humanGate("approve").message("Go?").build()).node(DagOnTemporalTest.agent("a"))
        .edge("approve", "a").build();
    try (TemporalHarness t = new TemporalHarness(base, b -> KEEP.apply(b)
        .commandTemplates(new dev.awo.core.fixtures.AnyTemplates()).workflow(gated))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request("gated"));
      awaitStatus(t, id, WorkOrderStatus.WAITING);

      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> t.orders.prompt(id, "hello"));

      assertTrue(e.getMessage().contains("is waiting; send follow-up prompts after it has ended"), e.getMessage());
      assertTrue(requests(t, "prompt").isEmpty());
      t.orders.approve(id, "approve");
      assertEquals(WorkOrderStatus.COMPLETED, t.await(id).status());
      assertTrue(t.orders.prompt(id, "hello").succeeded(), "once it has ended, the prompt runs");
    }
  }

  @Test
  @DisplayName("two concurrent prompts: one runs, the other is refused as still running, not queued")
  void concurrentPromptsOneRefused() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TemporalHarness t = new TemporalHarness(base, KEEP)) {
      t.host.agent.hook(r -> {
        if (r.step().equals("prompt")) {
          inside.countDown();
          Latches.await(release);
        }
      });
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(id);
      CompletableFuture<StepResult> first = CompletableFuture.supplyAsync(() -> t.orders.prompt(id, "first"));
      assertTrue(inside.await(30, TimeUnit.SECONDS), "the first prompt reached the agent");

      WorkOrderStateException e;
      try {
        e = assertThrows(WorkOrderStateException.class, () -> t.orders.prompt(id, "second"));
      } finally {
        release.countDown();
      }

      assertTrue(e.getMessage().contains("still running"), e.getMessage());
      assertTrue(first.get(60, TimeUnit.SECONDS).succeeded());
      assertEquals(1, requests(t, "prompt").size());
      assertEquals(8, t.orders.stepHistory(id).version());
      assertEquals(2, t.orders.prompt(id, "third").attempt(), "after it returned, the next prompt runs");
    }
  }

  @Test
  @DisplayName("with the default retention the sandbox is cleaned up, and a prompt says it is gone and what to configure")
  void defaultRetentionSaysSandboxGone() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, b -> b)) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(id);
      assertTrue(t.host.sandboxes.cleanedUp(id));

      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> t.orders.prompt(id, "hello"));

      assertTrue(e.getMessage().contains("sandbox of work order " + id + " is gone"), e.getMessage());
      assertTrue(e.getMessage().contains("SandboxRetention.KEEP"), e.getMessage());
      assertTrue(requests(t, "prompt").isEmpty());
      assertEquals(7, t.orders.stepHistory(id).version());
    }
  }

  @Test
  @DisplayName("a sandbox whose directory vanished on the keeping worker is reported gone by that worker")
  void vanishedDirectoryIsGone() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, KEEP)) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(id);
      t.host.sandboxes.lose(id);

      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> t.orders.prompt(id, "hello"));

      assertTrue(e.getMessage().contains("is gone") && e.getMessage().contains("no longer exists"), e.getMessage());
      assertTrue(requests(t, "prompt").isEmpty());
    }
  }

  @Test
  @DisplayName("KeptSandboxLimits bound a worker's kept sandboxes: beyond the count the oldest is released, its path cleared")
  void keptSandboxesAreBounded() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, b -> b.sandboxRetention(SandboxRetention.KEEP)
        .keptSandboxLimits(new KeptSandboxLimits(1, Duration.ofDays(1), Long.MAX_VALUE)))) {
      WorkOrderId older = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(older);
      WorkOrderId newer = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(newer);

      assertTrue(t.host.sandboxes.cleanedUp(older), "the least recently used sandbox beyond the count is released");
      assertFalse(t.host.sandboxes.cleanedUp(newer));
      assertNull(t.orders.workOrder(older).orElseThrow().sandboxPath(), "a released sandbox's path is cleared");
      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> t.orders.prompt(older, "hi"));
      assertTrue(e.getMessage().contains("is gone"), e.getMessage());
      assertTrue(t.orders.prompt(newer, "hi").succeeded());
    }
  }

  @Test
  @DisplayName("a kept sandbox idle beyond maxIdle is released: the prompt is refused as gone")
  void idleSandboxIsReleased() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, b -> b.sandboxRetention(SandboxRetention.KEEP)
        .keptSandboxLimits(new KeptSandboxLimits(10, Duration.ofMinutes(5), Long.MAX_VALUE)))) {
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(id);
      t.host.clock.advance(Duration.ofMinutes(6));

      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> t.orders.prompt(id, "hi"));

      assertTrue(e.getMessage().contains("is gone"), e.getMessage());
      assertTrue(t.host.sandboxes.cleanedUp(id));
      assertTrue(requests(t, "prompt").isEmpty());
    }
  }

  @Test
  @DisplayName("under FAIL_WORK_ORDER a prompt whose save fails throws HistoryNotSavedException and fails the work order")
  void unsavedPromptFailsTheWorkOrder() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, b -> b.sandboxRetention(SandboxRetention.KEEP)
        .saveFailurePolicy(SaveFailurePolicy.FAIL_WORK_ORDER)
        .saveRetryPolicy(SaveRetryPolicy.builder().maximumAttempts(2).initialInterval(Duration.ofMillis(1)).build()))) {
      t.host.histories.failWhen(call -> call > 7);
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      assertEquals(WorkOrderStatus.COMPLETED, t.await(id).status());

      HistoryNotSavedException e = assertThrows(HistoryNotSavedException.class, () -> t.orders.prompt(id, "more"));

      assertTrue(e.getMessage().contains("'prompt'"), e.getMessage());
      WorkOrder after = t.orders.workOrder(id).orElseThrow();
      assertEquals(WorkOrderStatus.FAILED, after.status());
      assertEquals(7, t.orders.stepHistory(id).version());
    }
  }

  @Test
  @DisplayName("an unknown id is UnknownWorkOrderException; a blank prompt is refused before anything runs")
  void unknownIdAndBlankText() throws Exception {
    try (TemporalHarness t = new TemporalHarness(base, KEEP)) {
      assertThrows(UnknownWorkOrderException.class, () -> t.orders.prompt(WorkOrderId.of("wo-0000abcd"), "hi"));
      WorkOrderId id = t.orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      t.await(id);
      assertThrows(dev.awo.domain.InvalidInputException.class, () -> t.orders.prompt(id, " "));
      assertTrue(requests(t, "prompt").isEmpty());
    }
  }

  @Test
  @DisplayName("the keeping worker shut down: the prompt is refused as gone within the worker-lost timeout, not hung")
  void keepingWorkerStopped() throws Exception {
    Harness host = new Harness(base);
    WorkflowOrchestratorBuilder ports = host.builder().sandboxRetention(SandboxRetention.KEEP);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        AwoWorkers flows = AwoWorkers.register(env.getWorkerFactory(), ports, TemporalHarness.OPTIONS,
            TemporalHarness.WORKER_OPTIONS, AwoWorkers.Role.WORKFLOWS)) {
      WorkerFactory keeperFactory = WorkerFactory.newInstance(env.getWorkflowClient());
      AwoWorkers keeper = AwoWorkers.register(keeperFactory, ports, TemporalHarness.OPTIONS,
          TemporalHarness.WORKER_OPTIONS, AwoWorkers.Role.ACTIVITIES);
      env.start();
      keeperFactory.start();
      TemporalWorkOrders orders = TemporalWorkOrders.create(env.getWorkflowClient(), ports, TemporalHarness.OPTIONS);
      WorkOrderId id = orders.submit(TemporalHarness.request(DefaultWorkflow.NAME));
      env.getWorkflowClient().newUntypedWorkflowStub(id.value()).getResult(60, TimeUnit.SECONDS, String.class);
      assertEquals(WorkOrderStatus.COMPLETED, orders.completion(id).get(30, TimeUnit.SECONDS).status());
      keeperFactory.shutdownNow();
      keeperFactory.awaitTermination(30, TimeUnit.SECONDS);

      WorkOrderStateException e = assertThrows(WorkOrderStateException.class, () -> orders.prompt(id, "hello"));

      assertTrue(e.getMessage().contains("is gone") && e.getMessage().contains(keeper.ownTaskQueue())
          && e.getMessage().contains("did not take the prompt within the worker-lost timeout"), e.getMessage());
      assertTrue(host.agent.requests().stream().noneMatch(r -> r.step().equals("prompt")));
      assertEquals(7, orders.stepHistory(id).version());
      keeper.close();
    }
  }

  private static void awaitStatus(TemporalHarness t, WorkOrderId id, WorkOrderStatus status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (t.orders.workOrder(id).map(WorkOrder::status).orElse(null) != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("work order " + id + " did not become " + status);
      }
      Thread.sleep(20);
    }
  }
}
