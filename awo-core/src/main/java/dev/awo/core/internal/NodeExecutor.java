package dev.awo.core.internal;

import dev.awo.core.SaveFailurePolicy;
import dev.awo.core.workflow.Bindings;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.NodeType;
import dev.awo.core.workflow.OutputKind;
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
 * Runs one node of one work order through all its attempts: announces each start, calls the agent,
 * checks the output, records the attempt (saved before anyone hears of it), applies what the step
 * established to the work order (branch, pull request), and retries under the node's policy.
 * Safe to use from several threads at once for different nodes of the same run.
 */
public final class NodeExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);

  /** How a node ended after all its attempts. */
  public enum NodeEnd { SUCCEEDED, FAILED, CANCELLED }

  private final RunServices services;
  private final CompiledWorkflow workflow;
  private final WorkOrderState state;
  private final HistoryRecorder recorder;
  private final Sandbox sandbox;
  private final RunControl control;
  private final Map<String, Map<String, String>> scopes = new ConcurrentHashMap<>();

  public NodeExecutor(
      RunServices services, CompiledWorkflow workflow, WorkOrderState state, HistoryRecorder recorder, Sandbox sandbox,
      RunControl control, Map<String, String> context) {
    this.services = services;
    this.workflow = workflow;
    this.state = state;
    this.recorder = recorder;
    this.sandbox = sandbox;
    this.control = control;
    scopes.put(Bindings.CONTEXT, new ConcurrentHashMap<>(context));
  }

  /** Values bound so far: {@code context} and one scope per finished node. */
  public Map<String, Map<String, String>> scopes() {
    return scopes;
  }

  public NodeEnd run(NodeDefinition node) {
    if (node.type() != NodeType.AGENT_CALL) {
      throw new IllegalStateException("node type " + node.type().wireName() + " is run by the workflow runner");
    }
    for (int attempt = 1; ; attempt++) {
      if (control.cancelled()) {
        return NodeEnd.CANCELLED;
      }
      StepResult result = attempt(node, attempt);
      boolean saved = recorder.record(result, services.saveFailurePolicy() == SaveFailurePolicy.CONTINUE);
      if (!saved && services.saveFailurePolicy() == SaveFailurePolicy.FAIL_WORK_ORDER) {
        control.fail("the step history could not be saved after step '" + node.id() + "'");
        return NodeEnd.FAILED;
      }
      if (result.outcome() == StepOutcome.CANCELLED) {
        return NodeEnd.CANCELLED;
      }
      if (result.success()) {
        afterSuccess(node, result);
        return NodeEnd.SUCCEEDED;
      }
      if (attempt >= node.retry().maxAttempts() || !node.retry().retryable(result.errorMessage())) {
        return NodeEnd.FAILED;
      }
      if (!backOff(node, attempt)) {
        return NodeEnd.CANCELLED;
      }
    }
  }

  private StepResult attempt(NodeDefinition node, int attempt) {
    Instant started = services.clock().instant();
    state.currentStep(node.id());
    services.listeners().publish(new WorkOrderEvent.StepStarted(state.current().id(), started, node.id(), attempt,
        workflow.position(node.id()), workflow.size()));
    LOG.atInfo().setMessage("step_started").addKeyValue("step", node.id()).addKeyValue("attempt", attempt).log();
    StepResult.Builder result = StepResult.builder(node.id(), started).agentName(node.agentName()).attempt(attempt);
    try {
      AgentOutcome outcome = callAgent(node);
      result.sessionId(outcome.sessionId()).costUsd(outcome.costUsd()).tokenUsage(outcome.tokenUsage())
          .turns(outcome.turns()).output(outcome.output());
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else if (!outcome.success()) {
        result.failed(node.id() + " failed: " + outcome.errorMessage());
      } else {
        OutputChecks.Checked checked = OutputChecks.check(node.expects(), node.id(), outcome.output(), sandbox,
            scopes.get(Bindings.CONTEXT).getOrDefault("base_branch", ""));
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

  private void afterSuccess(NodeDefinition node, StepResult result) {
    Map<String, String> fields = new HashMap<>(result.data());
    fields.put("output", result.output() == null ? "" : result.output());
    fields.put("session_id", result.sessionId() == null ? "" : result.sessionId());
    scopes.put(node.id(), Map.copyOf(fields));
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
