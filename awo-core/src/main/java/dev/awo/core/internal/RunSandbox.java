package dev.awo.core.internal;

import dev.awo.core.SandboxRetention;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.RecoveredSandbox;
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
    return setUp(nodes, keepBaseCommit, null);
  }

  /**
   * As {@link #setUp(NodeExecutor, boolean)}, but with the sandbox that crash recovery took over
   * ({@code adopted}, null for none) instead of a new one.
   */
  public SetUp setUp(NodeExecutor nodes, boolean keepBaseCommit, RecoveredSandbox adopted) {
    Map<String, String> context = context(state.current());
    Sandbox sandbox;
    String baseBranch;
    if (adopted != null) {
      sandbox = adopted.sandbox();
      baseBranch = adopted.baseBranch();
      log(Level.DEBUG, "sandbox_recovered").addKeyValue("path", sandbox.workingDirectory()).log();
    } else {
      sandbox = services.sandboxes().create(
          new SandboxRequest(state.current().id(), state.current().repositoryUrl(), state.current().sandboxType()));
      baseBranch = sandbox.currentBranch().orElse("");
      log(Level.DEBUG, "sandbox_created").addKeyValue("path", sandbox.workingDirectory()).log();
    }
    Sandbox created = sandbox;
    WorkOrder before = state.current();
    state.update(b -> b.baseCommit(before.baseCommit() != null && keepBaseCommit ? before.baseCommit() : created.baseCommit())
        .sandboxPath(created.workingDirectory().toString()));
    context.put(ContextVariables.BASE_BRANCH, baseBranch);
    nodes.attach(created, context);
    return new SetUp(created, Map.copyOf(context));
  }

  /** A sandbox set up for a run and the context given to its nodes. */
  public record SetUp(Sandbox sandbox, Map<String, String> context) {}

  private Map<String, String> context(WorkOrder order) {
    if (services.repositoryVerifier() != null) {
      services.repositoryVerifier().verify(order.repositoryUrl());
      log(Level.DEBUG, "repository_verified").log();
    }
    Map<String, String> context = ownContext(order);
    if (order.issueNumber() != null) {
      addIssue(context, services.issueSource().issue(order.repositoryUrl(), order.issueNumber()));
    }
    return context;
  }

  /**
   * The context of a recovered run, for the messages of its reopened gates before its next pass:
   * the work order's own fields and, when it names an issue, the issue (read again; if that fails
   * the issue's variables stay unset until the next pass reads it).
   */
  public Map<String, String> restoredContext(WorkOrder order) {
    Map<String, String> context = ownContext(order);
    if (order.issueNumber() != null && services.issueSource() != null) {
      try {
        addIssue(context, services.issueSource().issue(order.repositoryUrl(), order.issueNumber()));
      } catch (RuntimeException e) {
        log(Level.WARN, "issue_not_read_at_recovery")
            .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
      }
    }
    return context;
  }

  /** What the work order itself says, without any call out. */
  private static Map<String, String> ownContext(WorkOrder order) {
    Map<String, String> context = new HashMap<>();
    context.put(ContextVariables.WORK_ORDER_ID, order.id().value());
    context.put(ContextVariables.REPOSITORY_URL, order.repositoryUrl());
    context.put(ContextVariables.USER_REQUEST, order.userRequest());
    context.put(ContextVariables.SANDBOX_TYPE, order.sandboxType().wireName());
    context.put(ContextVariables.WORKFLOW, order.workflow());
    context.put(ContextVariables.BRANCH, order.branchName() == null ? "" : order.branchName());
    context.put(ContextVariables.TASK, order.userRequest());
    return context;
  }

  private void addIssue(Map<String, String> context, IssueDetails issue) {
    context.put(ContextVariables.ISSUE_NUMBER, Integer.toString(issue.number()));
    context.put(ContextVariables.ISSUE_TITLE, issue.title());
    context.put(ContextVariables.ISSUE_BODY, issue.body());
    context.put(ContextVariables.ISSUE_URL, issue.url() == null ? "" : issue.url());
    context.put(ContextVariables.TASK, context.get(ContextVariables.USER_REQUEST) + "\n\nGitHub issue #" + issue.number()
        + ": " + issue.title() + "\n\n" + issue.body());
    log(Level.DEBUG, "issue_fetched").addKeyValue("issue_number", issue.number()).log();
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

  /**
   * Cleans up the sandbox, or hands it to {@code retain} under {@link SandboxRetention#KEEP}, and
   * clears the saved sandbox path when it was cleaned up. Null: nothing.
   */
  public void release(Sandbox sandbox, Consumer<Sandbox> retain) {
    if (giveBack(sandbox, retain)) {
      state.update(b -> b.sandboxPath(null));
    }
  }

  /**
   * As {@link #release} but without writing to the store (for a run stopped because the store is
   * down); true when the sandbox was cleaned up.
   */
  public boolean giveBack(Sandbox sandbox, Consumer<Sandbox> retain) {
    if (sandbox == null) {
      return false;
    }
    if (services.sandboxRetention() == SandboxRetention.KEEP) {
      retain.accept(sandbox);
      return false;
    }
    try {
      sandbox.cleanUp();
      log(Level.DEBUG, "sandbox_cleaned_up").log();
    } catch (RuntimeException e) {
      log(Level.ERROR, "sandbox_cleanup_failed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
    }
    return true;
  }

  private LoggingEventBuilder log(Level level, String event) {
    return RunLog.at(LOG, level, state.current().id().value(), event);
  }
}
