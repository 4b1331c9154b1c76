package dev.awo.core.internal;

import dev.awo.core.workflow.Bindings;
import dev.awo.core.workflow.BuiltInTool;
import dev.awo.core.workflow.ConditionExpression;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import dev.awo.core.workflow.OutputKind;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.template.CommandTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs the nodes of one work order: an agent or tool node through all its attempts (announcing
 * each start, recording each attempt — saved before anyone hears of it — and retrying under the
 * node's policy with backoff and jitter), a condition by evaluating its expression, and the
 * recording of skipped nodes and human gate decisions. Each node's output fields join the binding
 * scopes for the nodes after it. Safe to use from several threads at once for different nodes.
 */
public final class NodeExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);

  private final RunServices services;
  private final CompiledWorkflow workflow;
  private final WorkOrderState state;
  private final HistoryRecorder recorder;
  private final RunEvents events;
  private volatile Sandbox sandbox;
  private final RunControl control;
  private final Map<String, Map<String, String>> scopes = new ConcurrentHashMap<>();
  private final Map<String, Instant> gatesOpenedAt = new ConcurrentHashMap<>();

  public NodeExecutor(RunServices services, CompiledWorkflow workflow, RunParts parts) {
    this.services = services;
    this.workflow = workflow;
    this.state = parts.state();
    this.recorder = parts.recorder();
    this.control = parts.control();
    this.events = parts.events();
    scopes.put(Bindings.CONTEXT, new ConcurrentHashMap<>());
  }

  /** Gives the nodes their sandbox and the work order's context, before the first node runs. */
  public void attach(Sandbox sandbox, Map<String, String> context) {
    this.sandbox = sandbox;
    scopes.get(Bindings.CONTEXT).putAll(context);
  }

  /**
   * Rebuilds the scopes of nodes that succeeded in a saved history (after a restart), from each
   * node's last successful result: its {@code data}, {@code output} and {@code session_id}.
   */
  public void restore(StepHistory history) {
    for (StepResult r : history.results()) {
      if (r.succeeded() && !r.step().equals(FOLLOW_UP_STEP)) {
        scopes.put(r.step(), fieldsOf(r));
      }
    }
  }

  /** Runs an agent, tool or condition node to its end. */
  public DagRunner.Finish run(NodeDefinition node) {
    return switch (node.type()) {
      case CONDITION -> condition(node);
      case AGENT_CALL, TOOL_CALL -> attempts(node);
      case HUMAN_GATE -> throw new IllegalStateException("human gates are decided, not run");
    };
  }

  private DagRunner.Finish attempts(NodeDefinition node) {
    for (int attempt = 1; ; attempt++) {
      if (control.cancelled()) {
        return finish(node, DagState.Node.CANCELLED, null, "cancelled");
      }
      StepResult result = attempt(node, attempt);
      if (!record(node.id(), result)) {
        return finish(node, DagState.Node.FAILED, null, control.fatalError());
      }
      if (result.outcome() == StepOutcome.CANCELLED) {
        return finish(node, DagState.Node.CANCELLED, null, result.errorMessage());
      }
      if (result.succeeded()) {
        afterSuccess(node, result);
        return finish(node, DagState.Node.SUCCEEDED, null, null);
      }
      if (attempt >= node.retry().maxAttempts() || !node.retry().retryable(result.errorMessage())) {
        return finish(node, DagState.Node.FAILED, null, result.errorMessage());
      }
      if (!backOff(node, attempt)) {
        return finish(node, DagState.Node.CANCELLED, null, "cancelled while waiting to retry");
      }
    }
  }

  private static DagRunner.Finish finish(NodeDefinition node, DagState.Node outcome, String value, String error) {
    return new DagRunner.Finish(node.id(), outcome, value, error);
  }

  /** Records a result; false when the save failure policy ends the run because of it. */
  private boolean record(String step, StepResult result) {
    if (recorder.record(result)) {
      return true;
    }
    control.fail("the step history could not be saved after step '" + step + "'");
    return false;
  }

  private DagRunner.Finish condition(NodeDefinition node) {
    Instant started = announce(node, 1);
    String value = ConditionExpression.parse(node.expression()).evaluate(scopes);
    StepResult result = StepResult.builder(node.id(), started).succeeded(value).data(Map.of("value", value))
        .duration(nonNegative(Duration.between(started, services.clock().instant()))).build();
    RunLog.at(LOG, Level.DEBUG, id(), "condition_evaluated").addKeyValue("step", node.id()).addKeyValue("value", value).log();
    if (!record(node.id(), result)) {
      return finish(node, DagState.Node.FAILED, null, control.fatalError());
    }
    scopes.put(node.id(), fieldsOf(result));
    return finish(node, DagState.Node.SUCCEEDED, value, null);
  }

  /** Records that {@code node} will not run because no edge into it was taken. */
  public void skip(NodeDefinition node) {
    StepResult result = StepResult.builder(node.id(), services.clock().instant()).agentName(node.agentName())
        .outcome(StepOutcome.SKIPPED)
        .errorMessage("not run: no edge into it was taken (a condition chose another branch, or what it "
            + "depends on was skipped)")
        .build();
    RunLog.at(LOG, Level.DEBUG, id(), "step_skipped").addKeyValue("step", node.id()).log();
    record(node.id(), result);
  }

  /** Announces that a human gate waits for a decision. */
  public void openGate(NodeDefinition node) {
    Instant opened = announce(node, 1);
    gatesOpenedAt.put(node.id(), opened);
    RunLog.at(LOG, Level.DEBUG, id(), "human_gate_opened").addKeyValue("step", node.id())
        .addKeyValue("message", Bindings.resolve(node.inputs().getOrDefault("message", ""), scopes)).log();
  }

  /** The message a gate shows its approver, bindings resolved. */
  public String gateMessage(NodeDefinition node) {
    return Bindings.resolve(node.inputs().getOrDefault("message", ""), scopes);
  }

  /** Records a person's decision on a gate; returns how the gate ended for the runner. */
  public DagRunner.Finish decideGate(NodeDefinition node, boolean approved, String reason) {
    Instant opened = gatesOpenedAt.getOrDefault(node.id(), services.clock().instant());
    String why = reason == null ? "" : reason;
    Map<String, String> data = Map.of("decision", approved ? "approved" : "rejected", "reason", why);
    StepResult.Builder result = StepResult.builder(node.id(), opened).data(data)
        .duration(nonNegative(Duration.between(opened, services.clock().instant())));
    if (approved) {
      result.succeeded("approved" + (why.isEmpty() ? "" : ": " + why));
    } else {
      result.failed("rejected by a person" + (why.isEmpty() ? "" : ": " + why)).output("rejected: " + why);
    }
    StepResult built = result.build();
    RunLog.at(LOG, Level.DEBUG, id(), approved ? "human_gate_approved" : "human_gate_rejected").addKeyValue("step", node.id()).log();
    boolean saved = record(node.id(), built);
    scopes.put(node.id(), fieldsOf(built));
    if (!saved) {
      return finish(node, DagState.Node.FAILED, null, control.fatalError());
    }
    return finish(node, approved ? DagState.Node.SUCCEEDED : DagState.Node.FAILED, null, built.errorMessage());
  }

  /** Records a gate left undecided when the run stopped. */
  public void abandonGate(NodeDefinition node, boolean cancelled) {
    Instant opened = gatesOpenedAt.getOrDefault(node.id(), services.clock().instant());
    record(node.id(), StepResult.builder(node.id(), opened).outcome(StepOutcome.CANCELLED)
        .errorMessage(cancelled ? "cancelled while waiting for a decision" : "not decided: the run failed elsewhere")
        .duration(nonNegative(Duration.between(opened, services.clock().instant()))).build());
  }

  private Instant announce(NodeDefinition node, int attempt) {
    return announce(node.id(), attempt, workflow.position(node.id()), workflow.size());
  }

  private Instant announce(String step, int attempt, int position, int total) {
    Instant started = services.clock().instant();
    state.currentStep(step);
    events.publish(new WorkOrderEvent.StepStarted(state.current().id(), started, step, attempt, position, total));
    RunLog.at(LOG, Level.DEBUG, id(), "step_started")
        .addKeyValue("step", step).addKeyValue("attempt", attempt).log();
    return started;
  }

  private StepResult attempt(NodeDefinition node, int attempt) {
    if (node.type() == NodeType.TOOL_CALL) {
      Instant started = announce(node, attempt);
      StepResult.Builder result = StepResult.builder(node.id(), started).agentName(node.agentName()).attempt(attempt);
      toolCall(node, result);
      return finishAttempt(node.id(), attempt, started, result);
    }
    AgentStep step = new AgentStep(node.id(), node.agentName(), node.expects(), node.timeout(), null,
        workflow.position(node.id()), workflow.size());
    return agentAttempt(step, attempt, () -> render(node));
  }

  /**
   * A follow-up prompt to a finished work order's agent, resuming {@code session}: run and
   * recorded like any agent node's attempt ({@code prompt} step, attempt {@code attempt}).
   *
   * @return the result, and whether the save failure policy lets the work order stand
   */
  public FollowUp followUp(String text, String session, int attempt, int position) {
    AgentStep step = new AgentStep(FOLLOW_UP_STEP, FOLLOW_UP_AGENT, OutputKind.TEXT, null, session, position,
        position);
    StepResult result = agentAttempt(step, attempt, () -> text);
    boolean stands = record(FOLLOW_UP_STEP, result);
    return new FollowUp(result, stands ? null : control.fatalError());
  }

  /** A follow-up prompt's result; {@code fatalError} is set when its save failed under FAIL_WORK_ORDER. */
  public record FollowUp(StepResult result, String fatalError) {}

  /** The step id of follow-up prompts. */
  public static final String FOLLOW_UP_STEP = "prompt";
  private static final String FOLLOW_UP_AGENT = "follow_up";

  /** What an agent attempt needs: the node's or the follow-up prompt's. */
  private record AgentStep(String id, String agentName, OutputKind expects, Duration timeout, String resumeSession,
      int position, int total) {}

  /** One agent attempt: announce, call the agent, map its outcome to a result. Not recorded yet. */
  private StepResult agentAttempt(AgentStep step, int attempt, java.util.function.Supplier<String> prompt) {
    Instant started = announce(step.id(), attempt, step.position(), step.total());
    StepResult.Builder result = StepResult.builder(step.id(), started).agentName(step.agentName()).attempt(attempt);
    try {
      AgentRequest request = new AgentRequest(state.current().id(), step.id(), prompt.get(),
          sandbox.workingDirectory(), null, step.timeout(), null, step.resumeSession());
      AgentOutcome outcome = control.interruptibly(() -> services.agent().execute(request, event -> events.publish(
          new WorkOrderEvent.AgentEventReceived(state.current().id(), services.clock().instant(), step.id(),
              AgentEvents.redacted(event)))));
      mapOutcome(step, outcome, result);
    } catch (RuntimeException e) {
      result.failed(step.id() + " could not run: " + redact(e.getMessage()));
    }
    return finishAttempt(step.id(), attempt, started, result);
  }

  /** The one mapping from an agent's outcome to a step result. Agent text is redacted here. */
  private void mapOutcome(AgentStep step, AgentOutcome outcome, StepResult.Builder result) {
    String output = outcome.output() == null ? null : redact(outcome.output());
    result.sessionId(outcome.sessionId()).costUsd(outcome.costUsd()).tokenUsage(outcome.tokenUsage())
        .turns(outcome.turns()).output(output);
    if (control.cancelled()) {
      result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + step.id() + " was running");
    } else if (!outcome.success()) {
      result.failed(step.id() + " failed: " + redact(outcome.errorMessage()));
    } else {
      OutputChecks.Checked checked = OutputChecks.check(step.expects(), step.id(), output, sandbox,
          scopes.get(Bindings.CONTEXT), services.pullRequestOpener(), state.current());
      if (checked.failure() != null) {
        result.failed(checked.failure());
      } else {
        result.succeeded(output).data(checked.fields());
      }
    }
  }

  private String id() {
    return state.current().id().value();
  }

  private static String redact(String text) {
    return Redactor.patternsOnly().redact(String.valueOf(text));
  }

  private void toolCall(NodeDefinition node, StepResult.Builder result) {
    BuiltInTool tool = BuiltInTool.find(node.tool()).orElseThrow();
    Map<String, String> inputs = new HashMap<>();
    node.inputs().forEach((k, v) -> inputs.put(k, Bindings.resolve(v, scopes)));
    try {
      Map<String, String> fields = control.interruptibly(
          () -> new ToolCalls(services, state, sandbox).run(tool, inputs, scopes.get(Bindings.CONTEXT)));
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else {
        result.succeeded(fields.get("output")).data(fields);
      }
    } catch (RuntimeException e) {
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else {
        result.failed(node.id() + " (" + tool.wireName() + ") failed: " + redact(e.getMessage()));
      }
    }
  }

  private StepResult finishAttempt(String step, int attempt, Instant started, StepResult.Builder result) {
    StepResult built = result.duration(nonNegative(Duration.between(started, services.clock().instant()))).build();
    RunLog.at(LOG, Level.DEBUG, id(), built.outcome() == StepOutcome.SUCCEEDED ? "step_completed" : "step_failed")
        .addKeyValue("step", step)
        .addKeyValue("attempt", attempt)
        .addKeyValue("duration_ms", built.duration().toMillis())
        .addKeyValue("error", built.errorMessage())
        .log();
    return built;
  }

  private String render(NodeDefinition node) {
    String templateName = CommandTemplates.requireName(Bindings.resolve(node.template(), scopes));
    String[] args = node.arguments().stream().map(a -> Bindings.resolve(a, scopes)).toArray(String[]::new);
    return services.templates().load(templateName).render(java.util.List.of(args));
  }

  private static Map<String, String> fieldsOf(StepResult result) {
    Map<String, String> fields = new HashMap<>(result.data());
    fields.put("output", result.output() == null ? "" : result.output());
    fields.put("session_id", result.sessionId() == null ? "" : result.sessionId());
    return Map.copyOf(fields);
  }

  private void afterSuccess(NodeDefinition node, StepResult result) {
    Map<String, String> fields = fieldsOf(result);
    scopes.put(node.id(), fields);
    if (node.type() != NodeType.AGENT_CALL) {
      return;
    }
    if (node.expects() == OutputKind.BRANCH) {
      String branch = fields.get("branch");
      scopes.get(Bindings.CONTEXT).put("branch", branch);
      state.update(b -> b.branchName(branch));
    } else if (node.expects() == OutputKind.PULL_REQUEST && !fields.get("pr_url").isEmpty()) {
      state.update(b -> b.prUrl(fields.get("pr_url")));
    }
  }

  private boolean backOff(NodeDefinition node, int attempt) {
    Duration delay = node.retry().delayAfter(attempt);
    double jitter = node.retry().jitter();
    if (jitter > 0 && !delay.isZero()) {
      double factor = 1 + jitter * (2 * services.random().getAsDouble() - 1);
      delay = Duration.ofNanos((long) (delay.toNanos() * factor));
    }
    return control.pause(services.sleeper(), delay);
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
