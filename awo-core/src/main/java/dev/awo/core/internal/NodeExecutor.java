package dev.awo.core.internal;

import dev.awo.core.HistoryNotSavedException;
import dev.awo.core.workflow.AgentCall;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.Condition;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.core.workflow.FailureCategory;
import dev.awo.core.workflow.HumanGate;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.OutputKind;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.ToolCall;
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
import java.util.Optional;
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
  private final AgentGuards guards;
  private final Map<String, Integer> attemptsBefore = new ConcurrentHashMap<>();

  public NodeExecutor(RunServices services, CompiledWorkflow workflow, RunParts parts) {
    this.services = services;
    this.workflow = workflow;
    this.state = parts.state();
    this.recorder = parts.recorder();
    this.control = parts.control();
    this.events = parts.events();
    scopes.put(ContextVariables.SCOPE, new ConcurrentHashMap<>());
    this.guards = new AgentGuards(services, workflow, parts.recorder().current());
  }

  /** Gives the nodes their sandbox and the work order's context, before the first node runs. */
  public void attach(Sandbox sandbox, Map<String, String> context) {
    this.sandbox = sandbox;
    scopes.get(ContextVariables.SCOPE).putAll(context);
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

  /**
   * After a restart: {@code node} already made {@code attempts} attempts (the last one interrupted),
   * so its next attempt is number {@code attempts + 1}, under the same retry policy.
   */
  public void resumeAfter(String node, int attempts) {
    attemptsBefore.put(node, attempts);
  }

  /** Runs an agent, tool or condition node to its end. */
  public DagRunner.Finish run(NodeDefinition node) {
    if (node instanceof Condition condition) {
      return condition(condition);
    }
    if (node instanceof AgentCall agent) {
      return attempts(node, agent.retry());
    }
    if (node instanceof ToolCall tool) {
      return attempts(node, tool.retry());
    }
    throw new IllegalStateException("human gates are decided, not run");
  }

  /** An attempt's result and, when it failed, what kind of failure it was and the exception behind it. */
  private record Attempt(StepResult result, FailureCategory category, Throwable cause) {}

  private DagRunner.Finish attempts(NodeDefinition node, RetryPolicy retry) {
    Instant first = services.clock().instant();
    for (int attempt = 1 + attemptsBefore.getOrDefault(node.id(), 0); ; attempt++) {
      if (control.cancelled()) {
        return finish(node, DagState.Node.CANCELLED, null, "cancelled");
      }
      Attempt tried = attempt(node, attempt);
      StepResult result = tried.result();
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
      Optional<Duration> delay = mayRetry(retry, tried.category(), tried.cause())
          ? retry.delayBeforeRetry(attempt, Duration.between(first, services.clock().instant()), services.random())
          : Optional.empty();
      if (delay.isEmpty()) {
        return finish(node, DagState.Node.FAILED, null, result.errorMessage());
      }
      if (!control.pause(services.sleeper(), delay.get())) {
        return finish(node, DagState.Node.CANCELLED, null, "cancelled while waiting to retry");
      }
    }
  }

  /**
   * Runs one attempt of an agent or tool node and records it (saved, then announced), for an
   * engine that schedules attempts and backoff itself (awo-temporal): the same announce, call,
   * output checks, redaction and recording as every attempt here. A succeeded result's fields join
   * the binding scopes.
   */
  public Attempted attemptOnce(NodeDefinition node, int attempt) {
    RetryPolicy retry = node instanceof AgentCall agent ? agent.retry() : ((ToolCall) node).retry();
    Attempt tried = attempt(node, attempt);
    StepResult result = tried.result();
    boolean saved = record(node.id(), result);
    if (result.succeeded()) {
      afterSuccess(node, result);
    }
    return new Attempted(result, saved ? null : control.fatalError(),
        result.outcome() == StepOutcome.FAILED && mayRetry(retry, tried.category(), tried.cause()));
  }

  /** The data key under which a failed attempt's {@link FailureCategory} is saved (its wire name). */
  public static final String FAILURE_CATEGORY = "failure_category";

  /**
   * Whether a failure of {@code category} (and {@code cause}; either may be null) may be retried
   * under {@code retry}: a budget stop never is, whatever the policy.
   */
  public static boolean mayRetry(RetryPolicy retry, FailureCategory category, Throwable cause) {
    return category != FailureCategory.BUDGET_EXCEEDED && retry.isRetryable(category, cause);
  }

  /**
   * Whether a saved failed attempt may be retried under {@code retry}, judged by the category its
   * result recorded ({@link #FAILURE_CATEGORY}; its exception is not saved, so type rules cannot
   * apply): for a recovery, or a re-asked attempt, deciding after the fact as the attempt loop did.
   */
  public static boolean mayRetry(RetryPolicy retry, StepResult saved) {
    FailureCategory category = FailureCategory.find(saved.data().get(FAILURE_CATEGORY)).orElse(null);
    return mayRetry(retry, category, null);
  }

  /**
   * One recorded attempt: its result; {@code fatalError} when its save failed and the save failure
   * policy ends the run; whether the node's retry policy allows another attempt after this failure.
   */
  public record Attempted(StepResult result, String fatalError, boolean retryable) {}

  /** The fields a node's result offers to the bindings of the nodes after it ($node.field). */
  public static Map<String, String> outputFieldsOf(StepResult result) {
    return fieldsOf(result);
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

  private DagRunner.Finish condition(Condition node) {
    return recordCondition(node, node.expression().evaluate(scopes));
  }

  /**
   * Announces and records a condition node that evaluated to {@code value} (for an engine that
   * evaluates conditions itself, in its own workflow code); its value joins the binding scopes.
   */
  public DagRunner.Finish recordCondition(Condition node, String value) {
    Instant started = announce(node, 1);
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
    StepResult result = StepResult.builder(node.id(), services.clock().instant()).agentName(agentName(node))
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
        .addKeyValue("message", gateMessage(node)).log();
  }

  /** The message a gate shows its approver, bindings resolved. */
  public String gateMessage(NodeDefinition node) {
    return node instanceof HumanGate gate ? gate.message().resolve(scopes) : "";
  }

  private static String agentName(NodeDefinition node) {
    return node instanceof AgentCall agent ? agent.agentName() : null;
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

  private Attempt attempt(NodeDefinition node, int attempt) {
    if (node instanceof ToolCall tool) {
      Instant started = announce(node, attempt);
      StepResult.Builder result = StepResult.builder(node.id(), started).attempt(attempt);
      Throwable cause = toolCall(tool, result);
      return finished(node.id(), attempt, started, result, cause == null ? null : FailureCategory.TOOL_FAILED, cause);
    }
    AgentCall agent = (AgentCall) node;
    AgentStep step = new AgentStep(node.id(), agent.agentName(), agent.expects(), agent.timeout(), null,
        workflow.position(node.id()), workflow.size(), agent.budget());
    return agentAttempt(step, attempt, () -> render(agent));
  }

  /**
   * A follow-up prompt to an ended work order's agent, in its kept {@code sandbox}: resumes the last
   * agent session of the saved history and is run and recorded like any agent node's attempt (step
   * {@code prompt}, attempt = the prompts so far + 1, position = the results so far + 1). {@code
   * parts} are the run's pieces with a control of the prompt's own ({@link RunParts#withFreshControl}),
   * which cancels it. The text is redacted before the agent or the store sees it.
   * The one follow-up path of every engine (the embedded run's and awo-temporal's workers').
   *
   * @return the saved (redacted) result; a failed agent call is a failed result, not an exception
   * @throws HistoryNotSavedException when the exchange could not be saved and {@link
   *     dev.awo.core.SaveFailurePolicy#FAIL_WORK_ORDER} failed the work order (it is marked failed)
   */
  public static StepResult followUp(RunServices services, CompiledWorkflow workflow, RunParts parts, Sandbox sandbox,
      String text) {
    StepHistory history = parts.recorder().current();
    String session = null;
    for (int i = history.size() - 1; i >= 0 && session == null; i--) {
      session = history.results().get(i).sessionId();
    }
    int attempt = 1 + (int) history.results().stream().filter(r -> r.step().equals(FOLLOW_UP_STEP)).count();
    NodeExecutor nodes = new NodeExecutor(services, workflow, parts);
    nodes.attach(sandbox, Map.of());
    FollowUp done = nodes.followUp(Redactor.patternsOnly().redact(text), session, attempt, history.size() + 1);
    String fatal = done.fatalError();
    if (fatal != null) {
      parts.state().update(b -> b.status(dev.awo.domain.WorkOrderStatus.FAILED).currentStep(null).errorMessage(fatal));
      throw new HistoryNotSavedException("The follow-up prompt ran but " + fatal
          + "; the work order is marked failed (SaveFailurePolicy.FAIL_WORK_ORDER)");
    }
    parts.state().currentStep(null);
    return done.result();
  }

  private FollowUp followUp(String text, String session, int attempt, int position) {
    AgentStep step = new AgentStep(FOLLOW_UP_STEP, FOLLOW_UP_AGENT, OutputKind.TEXT, null, session, position,
        position, Budget.NONE);
    StepResult result = agentAttempt(step, attempt, () -> text).result();
    boolean stands = record(FOLLOW_UP_STEP, result);
    return new FollowUp(result, stands ? null : control.fatalError());
  }

  /** A follow-up prompt's result; {@code fatalError} is set when its save failed under FAIL_WORK_ORDER. */
  private record FollowUp(StepResult result, String fatalError) {}

  /** The step id of follow-up prompts. */
  public static final String FOLLOW_UP_STEP = ContextVariables.PROMPT_STEP;
  private static final String FOLLOW_UP_AGENT = "follow_up";

  /** What an agent attempt needs: the node's or the follow-up prompt's. */
  private record AgentStep(String id, String agentName, OutputKind expects, Duration timeout, String resumeSession,
      int position, int total, Budget budget) {}

  /** One agent attempt: announce, call the agent, map its outcome to a result. Not recorded yet. */
  private Attempt agentAttempt(AgentStep step, int attempt, java.util.function.Supplier<String> prompt) {
    Instant started = announce(step.id(), attempt, step.position(), step.total());
    StepResult.Builder result = StepResult.builder(step.id(), started).agentName(step.agentName()).attempt(attempt);
    AgentWatch watch = guards.watch(step.id(), step.budget(), event -> events.publish(
        new WorkOrderEvent.AgentEventReceived(state.current().id(), services.clock().instant(), step.id(),
            AgentEvents.redacted(event))));
    AgentStop refused = watch.refusal();
    if (refused != null) {
      guards.settle(watch, step.id(), null, result.failed(refused.message()));
      return finished(step.id(), attempt, started, result, refused.category(), null);
    }
    FailureCategory category;
    Throwable cause = null;
    AgentOutcome outcome = null;
    try {
      AgentRequest request = new AgentRequest(state.current().id(), step.id(), prompt.get(),
          sandbox.workingDirectory(), null, step.timeout(), null, step.resumeSession());
      watch.start();
      AgentStop stop;
      try {
        outcome = control.interruptibly(() -> services.agent().execute(request, watch));
      } finally {
        stop = watch.close();
      }
      category = stop != null && !control.cancelled() ? stopped(stop, outcome, result) : mapOutcome(step, outcome, result);
    } catch (RuntimeException e) {
      result.failed(step.id() + " could not run: " + redact(e.getMessage()));
      category = FailureCategory.COULD_NOT_RUN;
      cause = e;
    }
    Map<String, String> marks = guards.settle(watch, step.id(), outcome, result);
    if (!marks.isEmpty()) {
      Map<String, String> data = new HashMap<>(marks);
      data.putAll(result.build().data());
      result.data(data);
    }
    return finished(step.id(), attempt, started, result, category, cause);
  }

  /** An attempt that awo stopped (budget, stuck): failed with the stop's message, the session kept for a resume. */
  private static FailureCategory stopped(AgentStop stop, AgentOutcome outcome, StepResult.Builder result) {
    result.failed(stop.message());
    if (outcome != null) {
      result.sessionId(outcome.sessionId()).output(outcome.output() == null ? null : redact(outcome.output()));
    }
    return stop.category();
  }

  /**
   * The one mapping from an agent's outcome to a step result. Agent text is redacted here.
   * Returns the kind of failure, or null when the attempt did not fail.
   */
  private FailureCategory mapOutcome(AgentStep step, AgentOutcome outcome, StepResult.Builder result) {
    String output = outcome.output() == null ? null : redact(outcome.output());
    result.sessionId(outcome.sessionId()).costUsd(outcome.costUsd()).tokenUsage(outcome.tokenUsage())
        .turns(outcome.turns()).output(output);
    if (control.cancelled()) {
      result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + step.id() + " was running");
      return null;
    }
    if (!outcome.success()) {
      result.failed(step.id() + " failed: " + redact(outcome.errorMessage()));
      return FailureCategory.AGENT_FAILED;
    }
    OutputChecks.Checked checked = OutputChecks.check(step.expects(), step.id(), output, sandbox,
        scopes.get(ContextVariables.SCOPE), services.pullRequestOpener(), state.current());
    if (checked.failure() != null) {
      result.failed(checked.failure());
      return FailureCategory.OUTPUT_REJECTED;
    }
    result.succeeded(output).data(checked.fields());
    return null;
  }

  private String id() {
    return state.current().id().value();
  }

  private static String redact(String text) {
    return Redactor.patternsOnly().redact(String.valueOf(text));
  }

  /** Runs a tool; returns the exception it failed with, or null. */
  private Throwable toolCall(ToolCall node, StepResult.Builder result) {
    Map<String, String> inputs = new HashMap<>();
    node.inputs().forEach((k, v) -> inputs.put(k, v.resolve(scopes)));
    try {
      Map<String, String> fields = control.interruptibly(
          () -> new ToolCalls(services, state, sandbox).run(node.tool(), inputs, scopes.get(ContextVariables.SCOPE)));
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
      } else {
        result.succeeded(fields.get("output")).data(fields);
      }
      return null;
    } catch (RuntimeException e) {
      if (control.cancelled()) {
        result.outcome(StepOutcome.CANCELLED).errorMessage("cancelled while " + node.id() + " was running");
        return null;
      }
      result.failed(node.id() + " (" + node.tool().wireName() + ") failed: " + redact(e.getMessage()));
      return e;
    }
  }

  /** As below, saving the kind of failure with a failed attempt ({@link #FAILURE_CATEGORY}). */
  private Attempt finished(String step, int attempt, Instant started, StepResult.Builder result,
      FailureCategory category, Throwable cause) {
    StepResult sofar = result.build();
    if (category != null && sofar.outcome() == StepOutcome.FAILED) {
      Map<String, String> data = new HashMap<>(sofar.data());
      data.put(FAILURE_CATEGORY, category.wireName());
      result.data(data);
    }
    return new Attempt(finishAttempt(step, attempt, started, result), category, cause);
  }

  private StepResult finishAttempt(String step, int attempt, Instant started, StepResult.Builder result) {
    StepResult built = result.duration(nonNegative(Duration.between(started, services.clock().instant())))
        .headCommit(SandboxHeads.headOf(sandbox)).build();
    RunLog.at(LOG, Level.DEBUG, id(), built.outcome() == StepOutcome.SUCCEEDED ? "step_completed" : "step_failed")
        .addKeyValue("step", step)
        .addKeyValue("attempt", attempt)
        .addKeyValue("duration_ms", built.duration().toMillis())
        .addKeyValue("error", built.errorMessage())
        .log();
    return built;
  }

  private String render(AgentCall node) {
    String templateName = node.template().resolve(scopes);
    if (!node.template().isLiteral()) {
      CommandTemplates.requireName(templateName); // a bound name is known only now; literal ones were checked
    }
    String[] args = node.arguments().stream().map(a -> a.resolve(scopes)).toArray(String[]::new);
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
    if (!(node instanceof AgentCall agent)) {
      return;
    }
    if (agent.expects() == OutputKind.BRANCH) {
      String branch = fields.get("branch");
      scopes.get(ContextVariables.SCOPE).put("branch", branch);
      state.update(b -> b.branchName(branch));
    } else if (agent.expects() == OutputKind.PULL_REQUEST && !fields.get("pr_url").isEmpty()) {
      state.update(b -> b.prUrl(fields.get("pr_url")));
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
