package dev.awo.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.testkit.InMemorySandboxFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A work order whose worker is lost after saved steps worked in its sandbox: the next worker takes
 * the sandbox over by the embedded engine's recovery rule (re-created from the pushed branch at the
 * recorded head), or the work order fails with the reason — never a fresh, empty sandbox.
 */
@DisplayName("Relocation to another worker takes the sandbox over as crash recovery does")
@Timeout(120)
class RelocationTest {
  private static final String BRANCH = "feature-relocated";

  @TempDir Path base;

  /** write → commit [→ push] → lose (the worker dies: its memory and disk are gone) → read. */
  private static WorkflowDefinition workflow(boolean push) {
    WorkflowDefinition.Builder b = WorkflowDefinition.builder(push ? "pushed" : "unpushed")
        .node(NodeDefinition.agentCall("write", "generic").arguments("$context.task").build())
        .node(NodeDefinition.toolCall("commit", "commit_all").input("message", "work").build())
        .node(NodeDefinition.agentCall("lose", "generic").arguments("$context.task").build())
        .node(NodeDefinition.agentCall("read", "generic").arguments("$context.task").build())
        .edge("write", "commit");
    if (push) {
      b.node(NodeDefinition.toolCall("push", "push_branch").input("branch", BRANCH).build())
          .edge("commit", "push").edge("push", "lose");
    } else {
      b.edge("commit", "lose");
    }
    return b.edge("lose", "read").build();
  }

  /** What the {@code read} step found in its sandbox. */
  private record Seen(String branch, String head, boolean sameSandboxAsWrite, boolean sawEarlierFile) {}

  /** How the run ended and what it saved. */
  private record Ended(WorkOrder order, StepHistory history) {}

  private Ended run(boolean push, Map<String, Integer> calls, AtomicReference<Seen> seen) throws Exception {
    return run(push, true, calls, seen);
  }

  /** With {@code diskLost} false the worker's memory is lost but its sandbox stays (a shared disk). */
  private Ended run(boolean push, boolean diskLost, Map<String, Integer> calls, AtomicReference<Seen> seen)
      throws Exception {
    InMemorySandboxFactory sandboxes = InMemorySandboxFactory.under(base.resolve("sandboxes"));
    AtomicReference<TemporalHarness> harness = new AtomicReference<>();
    AtomicReference<Object> first = new AtomicReference<>();
    try (TemporalHarness t = new TemporalHarness(base.resolve("host"), b -> b.sandboxFactory(sandboxes).commandTemplates(new AnyTemplates())
        .workflow(workflow(push)).agentExecutor((request, events) -> {
          calls.merge(request.step(), 1, Integer::sum);
          InMemorySandboxFactory.InMemorySandbox sandbox = sandboxes.sandbox(request.workOrderId()).orElseThrow();
          switch (request.step()) {
            case "write" -> {
              first.set(sandbox);
              write(request.workingDirectory().resolve("work.txt"));
            }
            case "lose" -> { // the worker holding the sandbox dies after this step is saved
              harness.get().workers.runs.remove(request.workOrderId());
              if (diskLost) {
                sandbox.cleanUp();
              }
            }
            case "read" -> seen.set(new Seen(sandbox.currentBranch().orElse(null), sandbox.headCommit(),
                sandbox == first.get(),
                Files.exists(request.workingDirectory().resolve("work.txt"))));
            default -> throw new IllegalStateException(request.step());
          }
          return AgentOutcome.succeeded("done: " + request.step(), "session", Duration.ofMillis(1));
        }))) {
      harness.set(t);
      WorkOrderId id = t.orders.submit(TemporalHarness.request(push ? "pushed" : "unpushed"));
      WorkOrder done = t.await(id);
      return new Ended(done, t.orders.stepHistory(id));
    }
  }

  private static void write(Path file) {
    try {
      Files.writeString(file, "earlier work");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("with the branch pushed at the recorded head, the next step runs in the re-created sandbox on it")
  void recreatedFromThePushedBranch() throws Exception {
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    AtomicReference<Seen> seen = new AtomicReference<>();
    Ended ended = run(true, calls, seen);
    WorkOrder done = ended.order();

    assertEquals(WorkOrderStatus.COMPLETED, done.status(), String.valueOf(done.errorMessage()));
    assertNull(done.errorMessage());
    assertEquals(BRANCH, done.branchName());
    assertEquals(Map.of("write", 1, "lose", 1, "read", 1), calls, "no saved step ran again");
    assertFalse(seen.get().sameSandboxAsWrite(), "read ran in a re-created sandbox, the first one was gone");
    assertEquals(BRANCH, seen.get().branch(), "read ran on the work order's pushed branch");
    String committed = ended.history().latest("commit").orElseThrow().data().get("commit");
    assertEquals(committed, seen.get().head(), "read saw the commit the earlier steps made and pushed");
    assertEquals(List.of("write", "commit", "push", "lose", "read"),
        ended.history().results().stream().map(StepResult::step).toList(), "each step saved once, in order");
  }

  @Test
  @DisplayName("with nothing pushed, the work order fails with the reason and the next step never runs")
  void failsWhenNothingWasPushed() throws Exception {
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    AtomicReference<Seen> seen = new AtomicReference<>();
    Ended ended = run(false, calls, seen);
    WorkOrder done = ended.order();

    assertEquals(WorkOrderStatus.FAILED, done.status(), "a work order must not complete without its work");
    assertTrue(done.errorMessage().contains("the sandbox was lost in a crash at step lose; its changes had not been pushed"),
        done.errorMessage());
    assertFalse(calls.containsKey("read"), "no step ran in a fresh sandbox");
    assertNull(seen.get());
    assertEquals(List.of("write", "commit", "lose"),
        ended.history().results().stream().map(StepResult::step).toList());
  }

  @Test
  @DisplayName("with the sandbox still on disk and consistent, it is re-attached and the next step sees the earlier files")
  void reattachedWhenTheSandboxSurvived() throws Exception {
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    AtomicReference<Seen> seen = new AtomicReference<>();
    Ended ended = run(false, false, calls, seen);

    assertEquals(WorkOrderStatus.COMPLETED, ended.order().status(), String.valueOf(ended.order().errorMessage()));
    assertTrue(seen.get().sameSandboxAsWrite(), "re-attached, not made again");
    assertTrue(seen.get().sawEarlierFile(), "read saw the file write left");
    assertEquals(Map.of("write", 1, "lose", 1, "read", 1), calls);
  }
}
