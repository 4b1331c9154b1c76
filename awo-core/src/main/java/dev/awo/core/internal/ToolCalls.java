package dev.awo.core.internal;

import dev.awo.core.workflow.BuiltInTool;
import dev.awo.core.workflow.ContextVariables;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestSpec;
import dev.awo.spi.Arguments;
import dev.awo.spi.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the {@link BuiltInTool}s through the ports: the sandbox for commits and pushes, the
 * PullRequestOpener and the IssueCommenter. Inputs arrive with their bindings resolved; the result
 * is the node's output fields, {@code output} included. A tool that cannot do its job throws with a
 * message a person can act on; the node executor turns that into a failed attempt.
 */
final class ToolCalls {
  private static final Pattern SAFE_BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

  private final RunServices services;
  private final WorkOrderState state;
  private final Sandbox sandbox;

  ToolCalls(RunServices services, WorkOrderState state, Sandbox sandbox) {
    this.services = services;
    this.state = state;
    this.sandbox = sandbox;
  }

  Map<String, String> run(BuiltInTool tool, Map<String, String> inputs, Map<String, String> context) {
    return switch (tool) {
      case COMMIT_ALL -> commitAll(inputs, context);
      case PUSH_BRANCH -> pushBranch(inputs, context);
      case OPEN_PR -> openPullRequest(inputs, context);
      case COMMENT_ISSUE -> commentIssue(inputs, context);
    };
  }

  private Map<String, String> commitAll(Map<String, String> inputs, Map<String, String> context) {
    String message = blankToNull(inputs.get("message"));
    if (message == null) {
      message = "awo: changes of work order " + context.get(ContextVariables.WORK_ORDER_ID);
    }
    String commit = sandbox.commitAll(message).orElse("");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("commit", commit);
    fields.put("committed", Boolean.toString(!commit.isEmpty()));
    fields.put("output", commit.isEmpty() ? "nothing to commit" : "committed " + commit);
    return fields;
  }

  private Map<String, String> pushBranch(Map<String, String> inputs, Map<String, String> context) {
    String branch = branch(inputs.get("branch"), context);
    sandbox.pushBranch(branch);
    if (state.current().branchName() == null) {
      state.update(b -> b.branchName(branch));
    }
    return Map.of("branch", branch, "output", "pushed " + branch);
  }

  private Map<String, String> openPullRequest(Map<String, String> inputs, Map<String, String> context) {
    String head = branch(inputs.get("head"), context);
    String base = blankToNull(inputs.get("base"));
    if (base == null) {
      base = blankToNull(context.get(ContextVariables.BASE_BRANCH));
    }
    if (base == null) {
      throw new IllegalStateException("open_pr has no base branch: set the input 'base'");
    }
    String draft = checked(BuiltInTool.OPEN_PR, "draft", inputs.getOrDefault("draft", "false"));
    WorkOrder order = state.current();
    PullRequest pr = services.pullRequestOpener().open(new PullRequestSpec(order.repositoryUrl(), head, base,
        inputs.get("title").strip(), inputs.getOrDefault("body", ""), draft.equals("true")));
    state.update(b -> b.prUrl(pr.url()));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("url", pr.url());
    fields.put("number", Integer.toString(pr.number()));
    fields.put("already_existed", Boolean.toString(pr.alreadyExisted()));
    fields.put("output", pr.url());
    return fields;
  }

  private Map<String, String> commentIssue(Map<String, String> inputs, Map<String, String> context) {
    String issue = blankToNull(inputs.get("issue"));
    if (issue == null) {
      issue = blankToNull(context.get(ContextVariables.ISSUE_NUMBER));
    }
    if (issue == null) {
      throw new IllegalStateException("comment_issue has no issue to comment on: the work order has no issue "
          + "number; submit it with one or set the input 'issue'");
    }
    int number = Integer.parseInt(checked(BuiltInTool.COMMENT_ISSUE, "issue", issue));
    long id = services.issueCommenter().comment(state.current().repositoryUrl(), number, inputs.get("body"));
    return Map.of("comment_id", Long.toString(id), "output", "commented on issue #" + number);
  }

  /** The given branch, else the sandbox's current one, else the work order's; checked to be a safe name. */
  private String branch(String given, Map<String, String> context) {
    String branch = blankToNull(given);
    if (branch == null) {
      branch = sandbox.currentBranch().orElse(null);
    }
    if (branch == null) {
      branch = blankToNull(context.get(ContextVariables.BRANCH));
    }
    if (branch == null) {
      throw new IllegalStateException("no branch: the sandbox is on a detached HEAD and no branch was given");
    }
    String name = branch.strip();
    if (!SAFE_BRANCH.matcher(name).matches() || name.contains("..") || name.endsWith(".lock") || name.endsWith("/")) {
      throw new IllegalArgumentException("'" + Arguments.excerpt(name) + "' is not a safe branch name");
    }
    return name;
  }

  /** The resolved input, stripped, or an exception saying what is wrong with it (the tool's own rule). */
  private static String checked(BuiltInTool tool, String input, String value) {
    String v = value.strip();
    tool.problemWith(input, v).ifPresent(problem -> {
      throw new IllegalArgumentException(tool.wireName() + " input '" + input + "' " + problem);
    });
    return v.isEmpty() && input.equals("draft") ? "false" : v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
