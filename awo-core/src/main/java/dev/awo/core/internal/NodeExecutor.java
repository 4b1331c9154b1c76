package dev.awo.core.internal;

import dev.awo.core.SaveFailurePolicy;
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
  private volatile Sandbox sandbox;
  private final RunControl control;
  private final Map<String, Map<String, String>> scopes = new ConcurrentHashMap<>();
  private final Map<String, Instant> gatesOpenedAt = new ConcurrentHashMap<>();

  public NodeExecutor(
      RunServices services, CompiledWorkflow workflow, WorkOrderState state, HistoryRecorder recorder,
      RunControl control) {
    this.services = services;
    this.workflow = workflow;
    this.state = state;
    this.recorder = recorder;
    this.control = control;
    scopes.put(Bindings.CONTEXT, new ConcurrentHashMap<>());
  }

  /** Gives the nodes their sandbox and the work order's context, before the first node runs. */
  public void attach(Sandbox sandbox, Map<String, String> context) {
    this.sandbox = sandbox;
    scopes.get(Bindings.CONTEXT).putAll(context);
  }

  /** Values bound so far: {@code context} and one scope per finished node. */
  public Map<String, Map<String, String>> scopes() {
    return scopes;
  }

  /**
   * Rebuilds the scopes of nodes that succeeded in a saved history (after a restart), from each
   * node's last successful result: its {@code data}, {@code output} and {@code session_id}.
   */
  public void restore(StepHistory history) {
    for (StepResult r : history.results()) {
      if (r.success() && !r.step().equals("prompt")) {
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
      if (!record(node, result)) {
        return finish(node, DagState.Node.FAILED, null, control.fatalError());
      }
      if (result.outcome() == StepOutcome.CANCELLED) {
        return finish(node, DagState.Node.CANCELLED, null, result.errorMessage());
      }
      if (result.success()) {
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

  /** Records a result under the save failure policy; false when the run must fail because of it. */
  private boolean record(NodeDefinition node, StepResult result) {
    boolean saved = recorder.record(result, services.saveFailurePolicy() == SaveFailurePolicy.CONTINUE);
    if (!saved && services.saveFailurePolicy() == SaveFailurePolicy.FAIL_WORK_ORDER) {
      control.fail("the step history could not be saved after step '" + node.id() + "'");
      return false;
    }
    return true;
  }

  private DagRunner.Finish condition(NodeDefinition node) {
    Instant started = announce(node, 1);
    String value = ConditionExpression.parse(node.expression()).evaluate(scopes);
    StepResult result = StepResult.builder(node.id(), started).succeeded(value).data(Map.of("value", value))
        .duration(nonNegative(Duration.between(started, services.clock().instant()))).build();
    LOG.atInfo().setMessage("condition_evaluated").addKeyValue("step", node.id()).addKeyValue("value", value).log();
    if (!record(node, result)) {
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
    LOG.atInfo().setMessage("step_skipped").addKeyValue("step", node.id()).log();
    record(node, result);
  }

  /** Announces that a human gate waits for a decision. */
  public void openGate(NodeDefinition node) {
    Instant opened = announce(node, 1);
    gatesOpenedAt.put(node.id(), opened);
    LOG.atInfo().setMessage("human_gate_opened").addKeyValue("step", node.id())
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
    LOG.atInfo().setMessage(approved ? "human_gate_approved" : "human_gate_rejected").addKeyValue("step", node.id()).log();
    boolean saved = record(node, built);
    scopes.put(node.id(), fieldsOf(built));
    if (!saved) {
      return finish(node, DagState.Node.FAILED, null, control.fatalError());
    }
    return finish(node, approved ? DagState.Node.SUCCEEDED : DagState.Node.FAILED, null, built.errorMessage());
  }

  /** Records a gate left undecided when the run stopped. */
  public void abandonGate(NodeDefinition node, boolean cancelled) {
    Instant opened = gatesOpenedAt.getOrDefault(node.id(), services.clock().instant());
    record(node, StepResult.builder(node.id(), opened).outcome(StepOutcome.CANCELLED)
        .errorMessage(cancelled ? "cancelled while waiting for a decision" : "not decided: the run failed elsewhere")
        .duration(nonNegative(Duration.between(opened, services.clock().instant()))).build());
  }

  private Instant announce(NodeDefinition node, int attempt) {
    Instant started = services.clock().instant();
    state.currentStep(node.id());
    services.listeners().publish(new WorkOrderEvent.StepStarted(state.current().id(), started, node.id(), attempt,
        workflow.position(node.id()), workflow.size()));
    LOG.atInfo().setMessage("step_started").addKeyValue("step", node.id()).addKeyValue("attempt", attempt).log();
    return started;
  }

  private StepResult attempt(NodeDefinition node, int attempt) {
    Instant started = announce(node, attempt);
    StepResult.Builder result = StepResult.builder(node.id(), started).agentName(node.agentName()).attempt(attempt);
    try {
      if (node.type() == NodeType.TOOL_CALL) {
        toolCall(node, result);
        return finishAttempt(node, attempt, started, result);
      }
      AgentOutcome outcome = callAgent(node);
      result.sessionId(outcome.sessionId()).costUsd(outcome.costUsd()).tokenUsage(outcome.tokenUsage())
          .turns(outcome.turns()).output(outcome.output());
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else if (!outcome.success()) {
        result.failed(node.id() + " failed: " + outcome.errorMessage());
      } else {
        OutputChecks.Checked checked = OutputChecks.check(node.expects(), node.id(), outcome.output(), sandbox,
            scopes.get(Bindings.CONTEXT), services.pullRequestOpener(), state.current());
        if (checked.failure() != null) {
          result.failed(checked.failure());
        } else {
          result.succeeded(outcome.output()).data(checked.fields());
        }
      }
    } catch (RuntimeException e) {
      String message = Redactor.patternsOnly().redact(String.valueOf(e.getMessage()));
      result.failed(node.id() + " could not run: " + message);
    } finally {
      if (control.cancelled()) {
        Thread.interrupted(); // the interrupt stopped the agent; saving must not be disturbed by it
      }
    }
    return finishAttempt(node, attempt, started, result);
  }

  private void toolCall(NodeDefinition node, StepResult.Builder result) {
    BuiltInTool tool = BuiltInTool.find(node.tool()).orElseThrow();
    Map<String, String> inputs = new HashMap<>();
    node.inputs().forEach((k, v) -> inputs.put(k, Bindings.resolve(v, scopes)));
    try {
      Map<String, String> fields = new ToolCalls(services, state, sandbox).run(tool, inputs, scopes.get(Bindings.CONTEXT));
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else {
        result.succeeded(fields.get("output")).data(fields);
      }
    } catch (RuntimeException e) {
      String message = Redactor.patternsOnly().redact(String.valueOf(e.getMessage()));
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else {
        result.failed(node.id() + " (" + tool.wireName() + ") failed: " + message);
      }
    } finally {
      if (control.cancelled()) {
        Thread.interrupted();
      }
    }
  }

  private StepResult finishAttempt(NodeDefinition node, int attempt, Instant started, StepResult.Builder result) {
    StepResult built = result.duration(nonNegative(Duration.between(started, services.clock().instant()))).build();
    LOG.atInfo().setMessage(built.success() ? "step_completed" : "step_failed")
        .addKeyValue("step", node.id())
        .addKeyValue("attempt", attempt)
        .addKeyValue("duration_ms", built.duration().toMillis())
        .addKeyValue("error", built.errorMessage())
        .log();
    return built;
  }

  private AgentOutcome callAgent(NodeDefinition node) {
    String templateName = CommandTemplates.requireName(Bindings.resolve(node.template(), scopes));
    String[] args = node.arguments().stream().map(a -> Bindings.resolve(a, scopes)).toArray(String[]::new);
    String prompt = services.templates().load(templateName).render(java.util.List.of(args));
    AgentRequest request = new AgentRequest(state.current().id(), node.id(), prompt, sandbox.workingDirectory(), null,
        node.timeout(), null, null);
    return services.agent().execute(request, event -> services.listeners().publish(
        new WorkOrderEvent.AgentEventReceived(state.current().id(), services.clock().instant(), node.id(), event)));
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
    try {
      services.sleeper().sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
