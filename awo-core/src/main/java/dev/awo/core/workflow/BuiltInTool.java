package dev.awo.core.workflow;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operations a {@code tool_call} node can run, each through an existing port. Inputs are texts
 * that may hold bindings ({@code $node.field}, {@code $context.var}); outputs are the fields later
 * nodes can bind (besides {@code output}, a one-line account).
 *
 * <table>
 *   <caption>Built-in tools</caption>
 *   <tr><th>tool</th><th>does</th><th>inputs (required / optional)</th><th>outputs</th><th>needs</th></tr>
 *   <tr><td>{@code commit_all}</td><td>commits every change in the sandbox</td><td>/ message</td>
 *       <td>commit (empty when nothing changed), committed</td><td>the sandbox</td></tr>
 *   <tr><td>{@code push_branch}</td><td>pushes a branch (default: the sandbox's current one)</td><td>/ branch</td>
 *       <td>branch</td><td>the sandbox</td></tr>
 *   <tr><td>{@code open_pr}</td><td>opens a pull request from head (default: current branch) to base
 *       (default: the branch the sandbox started on)</td><td>title / body, head, base, draft</td>
 *       <td>url, number, already_existed</td><td>a {@code PullRequestOpener}</td></tr>
 *   <tr><td>{@code comment_issue}</td><td>comments on the work order's issue (or {@code issue})</td>
 *       <td>body / issue</td><td>comment_id</td><td>an {@code IssueCommenter}</td></tr>
 * </table>
 *
 * <pre>{@code
 * NodeDefinition pr = NodeDefinition.builder("open", NodeType.TOOL_CALL).tool("open_pr")
 *     .inputs(Map.of("title", "Fix $context.issue_title", "body", "$plan.output")).build();
 * }</pre>
 */
public enum BuiltInTool {
  COMMIT_ALL("commit_all", Port.SANDBOX, Set.of(), Set.of("message"), Set.of("commit", "committed")),
  PUSH_BRANCH("push_branch", Port.SANDBOX, Set.of(), Set.of("branch"), Set.of("branch")),
  OPEN_PR("open_pr", Port.PULL_REQUEST_OPENER, Set.of("title"), Set.of("body", "head", "base", "draft"),
      Set.of("url", "number", "already_existed")),
  COMMENT_ISSUE("comment_issue", Port.ISSUE_COMMENTER, Set.of("body"), Set.of("issue"), Set.of("comment_id"));

  /** The port a tool runs through; checked when the orchestrator is built. */
  public enum Port {
    SANDBOX("a sandbox", null),
    PULL_REQUEST_OPENER("a PullRequestOpener", ".pullRequestOpener(...) (e.g. the gh adapter)"),
    ISSUE_COMMENTER("an IssueCommenter", ".issueCommenter(...) (e.g. the gh adapter)");

    private final String description;
    private final String howToConfigure;

    Port(String description, String howToConfigure) {
      this.description = description;
      this.howToConfigure = howToConfigure;
    }

    public String description() { return description; }

    /** The builder call that supplies the port, or null when it is always there. */
    public String howToConfigure() { return howToConfigure; }
  }

  private final String wireName;
  private final Port port;
  private final Set<String> requiredInputs;
  private final Set<String> optionalInputs;
  private final Set<String> outputs;

  BuiltInTool(String wireName, Port port, Set<String> requiredInputs, Set<String> optionalInputs, Set<String> outputs) {
    this.wireName = wireName;
    this.port = port;
    this.requiredInputs = requiredInputs;
    this.optionalInputs = optionalInputs;
    this.outputs = outputs;
  }

  public String wireName() { return wireName; }

  public Port port() { return port; }

  public Set<String> requiredInputs() { return requiredInputs; }

  public Set<String> optionalInputs() { return optionalInputs; }

  /** The fields this tool's node offers besides {@code output}. */
  public Set<String> outputs() { return outputs; }

  /** Every input name the tool accepts, sorted. */
  public Set<String> inputs() {
    Set<String> all = new TreeSet<>(requiredInputs);
    all.addAll(optionalInputs);
    return all;
  }

  public static Optional<BuiltInTool> find(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  /** Every tool name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(BuiltInTool::wireName).toList();
  }
}
