package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
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
 * ToolCall pr = NodeDefinition.toolCall("open", "open_pr")
 *     .inputs(Map.of("title", "Fix $context.issue_title", "body", "$plan.output")).build();
 * }</pre>
 *
 * <p>Constants are immutable and thread-safe.
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
  private final Set<String> inputs;
  private final Set<String> outputs;

  BuiltInTool(String wireName, Port port, Set<String> requiredInputs, Set<String> optionalInputs, Set<String> outputs) {
    this.wireName = wireName;
    this.port = port;
    this.requiredInputs = requiredInputs;
    Set<String> all = new TreeSet<>(requiredInputs);
    all.addAll(optionalInputs);
    this.inputs = java.util.Collections.unmodifiableSet(all);
    this.outputs = outputs;
  }

  public String wireName() { return wireName; }

  public Port port() { return port; }

  public Set<String> requiredInputs() { return requiredInputs; }

  /** The fields this tool's node offers besides {@code output}. */
  public Set<String> outputs() { return outputs; }

  /** Every input name the tool accepts, sorted. */
  public Set<String> inputs() {
    return inputs;
  }

  /**
   * What is wrong with {@code value} for {@code input}, or empty when nothing is: {@code draft} must be
   * {@code true} or {@code false}, {@code issue} a positive issue number. Checked for literal inputs
   * when the node is defined and for bound ones once their bindings are resolved.
   */
  public Optional<String> problemWith(String input, String value) {
    String v = value.strip();
    if (input.equals("draft") && !v.isEmpty() && !v.equals("true") && !v.equals("false")) {
      return Optional.of("is '" + Arguments.excerpt(v) + "'; expected true or false");
    }
    if (input.equals("issue") && !v.isEmpty() && !isPositiveNumber(v)) {
      return Optional.of("is '" + Arguments.excerpt(v) + "'; expected a positive issue number");
    }
    return Optional.empty();
  }

  private static boolean isPositiveNumber(String v) {
    try {
      return Integer.parseInt(v) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  public static Optional<BuiltInTool> find(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  /** The tool with this wire name, or an {@link InvalidInputException} (field {@code tool}) listing the known ones. */
  public static BuiltInTool fromWireName(String wireName) {
    Arguments.requireText(wireName, "tool");
    return find(wireName).orElseThrow(() -> new InvalidInputException("tool", unknown(wireName)));
  }

  /** The problem with a tool name that names no tool. */
  static String unknown(String wireName) {
    return "unknown tool '" + Arguments.excerpt(String.valueOf(wireName)) + "'; known tools: " + String.join(", ", names());
  }

  /** Every tool name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(BuiltInTool::wireName).toList();
  }
}
