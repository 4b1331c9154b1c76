package dev.awo.core.internal;

import dev.awo.core.SandboxRetention;
import dev.awo.core.workflow.CompiledWorkflow;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.domain.DiffStats;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxRecovery;
import dev.awo.spi.sandbox.SandboxRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * How a run that goes on from its saved history somewhere other than where it ran (after a crash,
   * or on another worker) takes its sandbox over.
   *
   * @param interruptedStep the agent or tool node in flight when the run was lost, or null
   * @param sandbox the sandbox taken over (adopt it through {@link #setUp(NodeExecutor, boolean,
   *     RecoveredSandbox)}), or null: with no saved step, a new one will do
   * @param failure why the run must fail now because its work cannot be recovered, or null
   */
  public record TakeOver(String interruptedStep, RecoveredSandbox sandbox, String failure) {}

  /**
   * The one rule of every engine for a run that goes on from {@code history} elsewhere: with no
   * saved step a new sandbox will do; otherwise the factory must {@link
   * dev.awo.spi.sandbox.SandboxFactory#recover recover} the one its steps worked in (re-attach it,
   * or re-create it from the work order's pushed branch at the head commit the last saved step
   * recorded), and when it cannot, the run fails with a reason that says so — it never goes on in a
   * fresh sandbox without its work.
   */
  public static TakeOver takeOver(RunServices services, WorkOrder order, StepHistory history, CompiledWorkflow workflow) {
    String inFlight = RunRecovery.inFlight(order, history, workflow);
    if (history.isEmpty()) {
      return new TakeOver(inFlight, null, null); // nothing saved changed a sandbox: a new one will do
    }
    String step = inFlight != null ? inFlight : order.currentStep() != null ? order.currentStep()
        : history.latest().map(StepResult::step).orElse("?");
    SandboxRecovery recovery = new SandboxRecovery(
        new SandboxRequest(order.id(), order.repositoryUrl(), order.sandboxType()), order.baseCommit(),
        lastHead(history), order.branchName(), inFlight != null);
    try {
      Optional<RecoveredSandbox> sandbox = services.sandboxes().recover(recovery);
      return new TakeOver(inFlight, sandbox.orElse(null), sandbox.isPresent() ? null : lost(step, recovery));
    } catch (RuntimeException e) {
      return new TakeOver(inFlight, null, "the sandbox of the crashed run (at step " + step
          + ") could not be recovered: " + Redactor.patternsOnly().redact(String.valueOf(e.getMessage())));
    }
  }

  private static String lost(String step, SandboxRecovery recovery) {
    String reason = recovery.branch() == null
        ? "its changes had not been pushed"
        : "its branch '" + recovery.branch() + "' was not pushed"
            + (recovery.expectedHead() == null ? "" : " at the commit the last saved step recorded ("
                + recovery.expectedHead().substring(0, Math.min(12, recovery.expectedHead().length())) + ")");
    return "the sandbox was lost in a crash at step " + step + "; " + reason;
  }

  private static String lastHead(StepHistory history) {
    List<StepResult> results = history.results();
    for (int i = results.size() - 1; i >= 0; i--) {
      if (results.get(i).headCommit() != null) {
        return results.get(i).headCommit();
      }
    }
    return null;
  }

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

  /**
   * Reclaims what dead owners left ({@link dev.awo.spi.sandbox.SandboxFactory#reclaimAbandoned(
   * java.util.function.Predicate)}), keeping the sandboxes of the work orders the store has as not
   * over, except those in {@code decided} (taken up by this recovery already: re-attached, re-created
   * or failed): a take-over may still re-attach them (another JVM's lease has not lapsed yet, or
   * another worker is about to move the run). A failure is logged, not thrown; returns how many
   * were removed.
   */
  public static int reclaimAbandoned(RunServices services, java.util.Set<dev.awo.domain.WorkOrderId> decided) {
    try {
      java.util.Set<dev.awo.domain.WorkOrderId> stillNeeded = new java.util.HashSet<>();
      for (WorkOrder order : services.workOrders().list()) {
        if (!order.status().isTerminal() && !decided.contains(order.id())) {
          stillNeeded.add(order.id());
        }
      }
      return services.sandboxes().reclaimAbandoned(stillNeeded::contains);
    } catch (RuntimeException e) {
      LOG.atWarn().setMessage("abandoned_sandboxes_not_reclaimed")
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage()))).log();
      return 0;
    }
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
