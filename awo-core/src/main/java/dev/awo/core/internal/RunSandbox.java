package dev.awo.core.internal;

import dev.awo.core.SandboxRetention;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The start and end of a work order's run around its nodes, shared by every engine: gather the
 * context (verify the repository, fetch the issue), create the sandbox and hand both to the
 * nodes; at the end measure the diff and clean up (or keep) the sandbox. Keeps no state of its own
 * (the work order state it is given is thread-safe); thread-safe.
 */
public final class RunSandbox {
  private static final Logger LOG = LoggerFactory.getLogger(RunSandbox.class);

  private final RunServices services;
  private final WorkOrderState state;

  public RunSandbox(RunServices services, WorkOrderState state) {
    this.services = services;
    this.state = state;
  }

  /**
   * Verifies the repository, fetches the issue, creates the sandbox, saves its path and base commit
   * (keeping a base commit saved before when {@code keepBaseCommit}), and attaches sandbox and
   * context to {@code nodes}.
   *
   * @return the sandbox and the context the nodes bind as {@code $context}
   */
  public SetUp setUp(NodeExecutor nodes, boolean keepBaseCommit) {
    Map<String, String> context = context(state.current());
    Sandbox created = services.sandboxes().create(
        new SandboxRequest(state.current().id(), state.current().repositoryUrl(), state.current().sandboxType()));
    log(Level.DEBUG, "sandbox_created").addKeyValue("path", created.workingDirectory()).log();
    WorkOrder before = state.current();
    state.update(b -> b.baseCommit(before.baseCommit() != null && keepBaseCommit ? before.baseCommit() : created.baseCommit())
        .sandboxPath(created.workingDirectory().toString()));
    context.put(ContextVariables.BASE_BRANCH, created.currentBranch().orElse(""));
    nodes.attach(created, context);
    return new SetUp(created, Map.copyOf(context));
  }

  /** A sandbox set up for a run and the context given to its nodes. */
  public record SetUp(Sandbox sandbox, Map<String, String> context) {}

  private Map<String, String> context(WorkOrder order) {
    Map<String, String> context = new HashMap<>();
    context.put(ContextVariables.WORK_ORDER_ID, order.id().value());
    context.put(ContextVariables.REPOSITORY_URL, order.repositoryUrl());
    context.put(ContextVariables.USER_REQUEST, order.userRequest());
    context.put(ContextVariables.SANDBOX_TYPE, order.sandboxType().wireName());
    context.put(ContextVariables.WORKFLOW, order.workflow());
    context.put(ContextVariables.BRANCH, order.branchName() == null ? "" : order.branchName());
    String task = order.userRequest();
    if (services.repositoryVerifier() != null) {
      services.repositoryVerifier().verify(order.repositoryUrl());
      log(Level.DEBUG, "repository_verified").log();
    }
    if (order.issueNumber() != null) {
      IssueDetails issue = services.issueSource().issue(order.repositoryUrl(), order.issueNumber());
      context.put(ContextVariables.ISSUE_NUMBER, Integer.toString(issue.number()));
      context.put(ContextVariables.ISSUE_TITLE, issue.title());
      context.put(ContextVariables.ISSUE_BODY, issue.body());
      context.put(ContextVariables.ISSUE_URL, issue.url() == null ? "" : issue.url());
      task = task + "\n\nGitHub issue #" + issue.number() + ": " + issue.title() + "\n\n" + issue.body();
      log(Level.DEBUG, "issue_fetched").addKeyValue("issue_number", issue.number()).log();
    }
    context.put(ContextVariables.TASK, task);
    return context;
  }

  /** Saves the sandbox's head commit and diff; a failure is logged, not thrown. Null: nothing. */
  public void measure(Sandbox sandbox) {
    if (sandbox == null) {
      return;
    }
    try {
      String head = sandbox.headCommit();
      DiffStats diff = sandbox.diffStats();
      state.update(b -> b.headCommit(head).diffStats(diff));
    } catch (RuntimeException e) {
      log(Level.WARN, "diff_stats_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
    }
  }

  /** Cleans up the sandbox, or hands it to {@code retain} under {@link SandboxRetention#KEEP}. Null: nothing. */
  public void release(Sandbox sandbox, Consumer<Sandbox> retain) {
    if (sandbox == null) {
      return;
    }
    if (services.sandboxRetention() == SandboxRetention.KEEP) {
      retain.accept(sandbox);
      return;
    }
    try {
      sandbox.cleanUp();
      log(Level.DEBUG, "sandbox_cleaned_up").log();
    } catch (RuntimeException e) {
      log(Level.ERROR, "sandbox_cleanup_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
    }
    state.update(b -> b.sandboxPath(null));
  }

  private LoggingEventBuilder log(Level level, String event) {
    return RunLog.at(LOG, level, state.current().id().value(), event);
  }
}
