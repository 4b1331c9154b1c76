package dev.awo.core.internal;

import dev.awo.core.SandboxRetention;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One work order's run from start to end: mark it running, verify the repository and fetch the
 * issue when there is one, set up the sandbox, run the workflow's nodes, measure the diff, clean up
 * the sandbox (on every path, unless retention keeps it) and set the final status last.
 */
public final class WorkOrderRun implements Runnable {
  /** The MDC key carrying the work order id on every log line of a run. */
  public static final String MDC_KEY = "agent_work_order_id";

  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderRun.class);

  private final RunServices services;
  private final CompiledWorkflow workflow;
  private final WorkOrderState state;
  private final HistoryRecorder recorder;
  private final RunControl control;
  private final Consumer<Sandbox> retainSandbox;

  public WorkOrderRun(
      RunServices services, CompiledWorkflow workflow, WorkOrderState state, HistoryRecorder recorder,
      RunControl control, Consumer<Sandbox> retainSandbox) {
    this.services = services;
    this.workflow = workflow;
    this.state = state;
    this.recorder = recorder;
    this.control = control;
    this.retainSandbox = retainSandbox;
  }

  @Override
  public void run() {
    MDC.put(MDC_KEY, state.current().id().value());
    control.enter();
    Sandbox sandbox = null;
    String error = null;
    try {
      if (control.cancelled()) {
        finish(WorkOrderStatus.CANCELLED, "cancelled before it started");
        return;
      }
      state.status(WorkOrderStatus.RUNNING);
      Map<String, String> context = context(state.current());
      sandbox = services.sandboxes().create(
          new SandboxRequest(state.current().id(), state.current().repositoryUrl(), state.current().sandboxType()));
      Sandbox created = sandbox;
      LOG.atInfo().setMessage("sandbox_created").addKeyValue("path", created.workingDirectory()).log();
      state.update(b -> b.baseCommit(created.baseCommit()).sandboxPath(created.workingDirectory().toString()));
      context.put(ContextVariables.BASE_BRANCH, created.currentBranch().orElse(""));
      error = runNodes(new NodeExecutor(services, workflow, state, recorder, created, control, context));
    } catch (RuntimeException e) {
      error = Redactor.patternsOnly().redact(String.valueOf(e.getMessage()));
      LOG.atError().setMessage("agent_work_order_errored").addKeyValue("error", error).setCause(e).log();
    } finally {
      if (control.cancelled()) {
        Thread.interrupted();
      }
      measure(sandbox);
      release(sandbox);
      WorkOrderStatus end = control.cancelled() ? WorkOrderStatus.CANCELLED
          : error != null ? WorkOrderStatus.FAILED : WorkOrderStatus.COMPLETED;
      if (!state.current().status().isTerminal()) {
        finish(end, end == WorkOrderStatus.CANCELLED ? "cancelled" : error);
      }
      control.leave();
      MDC.remove(MDC_KEY);
    }
  }

  /** Runs the nodes in topological order; returns the error that failed the run, or null. */
  private String runNodes(NodeExecutor executor) {
    for (NodeDefinition node : workflow.topologicalOrder()) {
      NodeExecutor.NodeEnd end = executor.run(node);
      if (control.fatalError() != null) {
        return control.fatalError();
      }
      if (end == NodeExecutor.NodeEnd.CANCELLED || control.cancelled()) {
        return "cancelled";
      }
      if (end == NodeExecutor.NodeEnd.FAILED) {
        String reason = recorder.current().latest(node.id()).map(r -> r.errorMessage()).orElse("failed");
        if (node.onFailure() == dev.awo.core.workflow.FailureMode.FAIL) {
          return "step '" + node.id() + "' failed: " + reason;
        }
        LOG.atInfo().setMessage("step_failure_tolerated").addKeyValue("step", node.id()).log();
      }
    }
    return null;
  }

  private Map<String, String> context(WorkOrder order) {
    Map<String, String> context = new HashMap<>();
    context.put(ContextVariables.WORK_ORDER_ID, order.id().value());
    context.put(ContextVariables.REPOSITORY_URL, order.repositoryUrl());
    context.put(ContextVariables.USER_REQUEST, order.userRequest());
    context.put(ContextVariables.SANDBOX_TYPE, order.sandboxType().wireName());
    context.put(ContextVariables.WORKFLOW, order.workflow());
    context.put(ContextVariables.BRANCH, "");
    String task = order.userRequest();
    if (services.repositoryVerifier() != null) {
      services.repositoryVerifier().verify(order.repositoryUrl());
      LOG.atDebug().setMessage("repository_verified").log();
    }
    if (order.issueNumber() != null) {
      IssueDetails issue = services.issueSource().issue(order.repositoryUrl(), order.issueNumber());
      context.put(ContextVariables.ISSUE_NUMBER, Integer.toString(issue.number()));
      context.put(ContextVariables.ISSUE_TITLE, issue.title());
      context.put(ContextVariables.ISSUE_BODY, issue.body());
      context.put(ContextVariables.ISSUE_URL, issue.url() == null ? "" : issue.url());
      task = task + "\n\nGitHub issue #" + issue.number() + ": " + issue.title() + "\n\n" + issue.body();
      LOG.atInfo().setMessage("issue_fetched").addKeyValue("issue_number", issue.number()).log();
    }
    context.put(ContextVariables.TASK, task);
    return context;
  }

  private void measure(Sandbox sandbox) {
    if (sandbox == null) {
      return;
    }
    try {
      String head = sandbox.headCommit();
      DiffStats diff = sandbox.diffStats();
      state.update(b -> b.headCommit(head).diffStats(diff));
    } catch (RuntimeException e) {
      LOG.atWarn().setMessage("diff_stats_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
    }
  }

  private void release(Sandbox sandbox) {
    if (sandbox == null) {
      return;
    }
    if (services.sandboxRetention() == SandboxRetention.KEEP) {
      retainSandbox.accept(sandbox);
      return;
    }
    try {
      sandbox.cleanUp();
      LOG.atInfo().setMessage("sandbox_cleaned_up").log();
    } catch (RuntimeException e) {
      LOG.atError().setMessage("sandbox_cleanup_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
    }
    state.update(b -> b.sandboxPath(null));
  }

  private void finish(WorkOrderStatus status, String error) {
    state.update(b -> b.status(status).currentStep(null).errorMessage(status == WorkOrderStatus.COMPLETED ? null : error));
  }
}
