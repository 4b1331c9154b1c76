package dev.awo.core.internal;

import dev.awo.core.workflow.AgentCall;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.FailureCategory;
import dev.awo.core.workflow.FailureMode;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.ToolCall;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds a recovered run's scheduler from its saved history, so that steps already saved are
 * never run again: each node whose last result is final is finished in the {@link DagState} as it
 * ended (skips that were not saved yet are recorded now; a final failure under {@code on_failure:
 * fail} fails the run), and a node whose retries were not used up, or that was in flight at the
 * crash, stays ready and goes on with its next attempt number. The attempt in flight is first
 * recorded {@link StepOutcome#INTERRUPTED}; whether it is retried is its retry policy's call
 * ({@link FailureCategory#INTERRUPTED}). Used once per recovered run, on the recovering thread; its
 * static rules ({@link #wasInFlight}, {@link #interruption}) are shared with other engines and are
 * stateless and thread-safe.
 */
public final class HistoryReplay {
  private final RunServices services;
  private final CompiledWorkflow workflow;
  private final DagState dag;
  private final NodeExecutor nodes;
  private final HistoryRecorder recorder;
  private final RunControl control;
  private final Map<String, Integer> resumed = new HashMap<>();

  HistoryReplay(RunServices services, CompiledWorkflow workflow, DagState dag, NodeExecutor nodes,
      RunParts parts) {
    this.services = services;
    this.workflow = workflow;
    this.dag = dag;
    this.nodes = nodes;
    this.recorder = parts.recorder();
    this.control = parts.control();
  }

  /** Records the interrupted attempt (when there was one), then replays the history. */
  void replay(String interruptedStep, Instant inFlightSince) {
    if (interruptedStep != null) {
      recordInterrupted(workflow.node(interruptedStep), inFlightSince);
    }
    StepHistory history = recorder.current();
    for (NodeDefinition node : workflow.topologicalOrder()) {
      StepResult last = history.latest(node.id()).orElse(null);
      if (last == null || dag.state(node.id()) != DagState.Node.READY) {
        continue;
      }
      int attempts = attempts(history, node.id());
      if (resumed.containsKey(node.id()) || retriesLeft(node, last, attempts)) {
        nodes.resumeAfter(node.id(), attempts);
        continue;
      }
      switch (last.outcome()) {
        case SUCCEEDED -> finish(node, DagState.Node.SUCCEEDED, last.data().get("value"), history);
        case FAILED, INTERRUPTED -> {
          finish(node, DagState.Node.FAILED, null, history);
          if (node.onFailure() == FailureMode.FAIL) {
            control.fail("step '" + node.id() + "' failed: " + last.errorMessage());
          }
        }
        case CANCELLED -> {
          dag.start(node.id());
          dag.finish(node.id(), DagState.Node.CANCELLED, null);
          if (last.errorMessage() == null || last.errorMessage().startsWith("cancelled")) {
            control.cancel(); // the crash came while the work order was being cancelled
          } // else a gate left undecided because the run failed elsewhere: that failure is replayed too
        }
        case SKIPPED -> { } // resolved when what it depends on is replayed
      }
    }
  }

  private void finish(NodeDefinition node, DagState.Node outcome, String value, StepHistory history) {
    dag.start(node.id());
    for (NodeDefinition skipped : dag.finish(node.id(), outcome, value)) {
      if (history.latest(skipped.id()).isEmpty()) {
        nodes.skip(skipped); // the crash came before this skip was saved
      }
    }
  }

  private void recordInterrupted(NodeDefinition node, Instant inFlightSince) {
    Interruption interrupted = interruption(services, node, attempts(recorder.current(), node.id()) + 1, inFlightSince);
    if (!recorder.record(interrupted.result())) {
      control.fail("the step history could not be saved after step '" + node.id() + "'");
    }
    if (interrupted.runsAgain()) {
      resumed.put(node.id(), interrupted.attempt());
    }
  }

  /**
   * An attempt that was running when its run was lost without recording it (a crash or kill):
   * its number, whether the node's retry policy runs the node again after it, and the {@link
   * StepOutcome#INTERRUPTED} result to record.
   */
  public record Interruption(int attempt, boolean runsAgain, StepResult result) {}

  /**
   * The one rule of every engine for attempt {@code attempt} of {@code node}, lost while it ran
   * (since {@code inFlightSince}, null for now): it is recorded interrupted, and runs again only
   * when the node's retry policy retries {@link FailureCategory#INTERRUPTED} and allows another
   * attempt.
   */
  public static Interruption interruption(RunServices services, NodeDefinition node, int attempt, Instant inFlightSince) {
    RetryPolicy retry = retryOf(node);
    boolean again = retry.isRetryable(FailureCategory.INTERRUPTED, null)
        && retry.delayBeforeRetry(attempt, Duration.ZERO, services.random()).isPresent();
    String message = "interrupted: attempt " + attempt + " of " + node.id() + " was running when its orchestrator "
        + "stopped without recording it (a crash or kill); " + (again
            ? "it runs again as attempt " + (attempt + 1) + " under its retry policy"
            : "its retry policy allows no further attempt (at most " + retry.maximumAttempts() + ")");
    Instant now = services.clock().instant();
    Instant started = inFlightSince == null || inFlightSince.isAfter(now) ? now : inFlightSince;
    StepResult result = StepResult.builder(node.id(), started).agentName(node instanceof AgentCall a ? a.agentName() : null)
        .attempt(attempt).outcome(StepOutcome.INTERRUPTED).errorMessage(message).build();
    return new Interruption(attempt, again, result);
  }

  /**
   * Whether an attempt of {@code node} may have been running when its run was lost: its last saved
   * result does not show that it ended (none saved, the last one was interrupted, or it failed in a
   * way its retry policy retries with attempts left, so a next attempt was due).
   */
  public static boolean wasInFlight(StepHistory history, NodeDefinition node) {
    Optional<StepResult> last = history.latest(node.id());
    if (last.isEmpty() || last.get().outcome() == StepOutcome.INTERRUPTED) {
      return true;
    }
    return last.get().outcome() == StepOutcome.FAILED && isRetried(node)
        && NodeExecutor.mayRetry(retryOf(node), last.get())
        && attempts(history, node.id()) < retryOf(node).maximumAttempts();
  }

  /** A failed attempt saved before the crash with retries left: the crash came while it waited to retry. */
  private boolean retriesLeft(NodeDefinition node, StepResult last, int attempts) {
    return last.outcome() == StepOutcome.FAILED && isRetried(node) && NodeExecutor.mayRetry(retryOf(node), last)
        && retryOf(node).delayBeforeRetry(attempts, Duration.ZERO, services.random()).isPresent();
  }

  private static boolean isRetried(NodeDefinition node) {
    return node instanceof AgentCall || node instanceof ToolCall;
  }

  static RetryPolicy retryOf(NodeDefinition node) {
    if (node instanceof AgentCall agent) {
      return agent.retry();
    }
    if (node instanceof ToolCall tool) {
      return tool.retry();
    }
    return RetryPolicy.NONE;
  }

  private static int attempts(StepHistory history, String node) {
    return (int) history.results().stream().filter(r -> r.step().equals(node)).count();
  }
}
