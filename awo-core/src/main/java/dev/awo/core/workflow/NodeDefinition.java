package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of a workflow. Which fields matter depends on {@link #type()}:
 * <ul>
 *   <li>{@code agent_call}: {@code template} (a template name, which may contain one binding such as
 *       {@code planner_$classify.kind}), {@code arguments} (each may contain bindings: {@code
 *       $node.field}, {@code $context.var}), {@code agentName}, {@code expects}.
 *   <li>{@code tool_call}: {@code tool} (a built-in operation name) and {@code inputs}.
 *   <li>{@code condition}: {@code expression}, evaluated over earlier outputs; its value picks the
 *       outgoing edges whose {@code when} matches.
 *   <li>{@code human_gate}: nothing more; {@code inputs.message} is shown to the approver.
 * </ul>
 * Every node has a retry policy, an optional timeout and a failure mode.
 *
 * <p>Immutable and thread-safe. Structural checks across nodes are the compiler's job.
 */
public record NodeDefinition(
    String id,
    NodeType type,
    String agentName,
    String template,
    List<String> arguments,
    OutputKind expects,
    String tool,
    Map<String, String> inputs,
    String expression,
    RetrySpec retry,
    Duration timeout,
    FailureMode onFailure) {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public NodeDefinition {
    requireText(id, "node.id");
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException("node.id", "'" + dev.awo.spi.Arguments.excerpt(id)
          + "' is not a node id (lowercase letter first, then lowercase letters, digits, '_'; at most 64)");
    }
    requirePresent(type, "node.type");
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    expects = expects == null ? OutputKind.TEXT : expects;
    inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    retry = retry == null ? RetrySpec.NONE : retry;
    if (timeout != null) {
      dev.awo.spi.Arguments.requirePositive(timeout, "node.timeout");
    }
    onFailure = onFailure == null ? FailureMode.FAIL : onFailure;
  }

  /** Starts an {@code agent_call} node. */
  public static Builder agentCall(String id, String template) {
    return new Builder(id, NodeType.AGENT_CALL).template(template);
  }

  public static Builder builder(String id, NodeType type) {
    return new Builder(id, type);
  }

  /** Builds {@link NodeDefinition}s; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final NodeType type;
    private String agentName;
    private String template;
    private List<String> arguments = List.of();
    private OutputKind expects = OutputKind.TEXT;
    private String tool;
    private Map<String, String> inputs = Map.of();
    private String expression;
    private RetrySpec retry = RetrySpec.NONE;
    private Duration timeout;
    private FailureMode onFailure = FailureMode.FAIL;

    private Builder(String id, NodeType type) {
      this.id = id;
      this.type = type;
    }

    public Builder agentName(String agentName) { this.agentName = agentName; return this; }
    public Builder template(String template) { this.template = template; return this; }
    public Builder arguments(String... arguments) { this.arguments = List.of(arguments); return this; }
    public Builder arguments(List<String> arguments) { this.arguments = arguments; return this; }
    public Builder expects(OutputKind expects) { this.expects = expects; return this; }
    public Builder tool(String tool) { this.tool = tool; return this; }
    public Builder inputs(Map<String, String> inputs) { this.inputs = inputs; return this; }
    public Builder expression(String expression) { this.expression = expression; return this; }
    public Builder retry(RetrySpec retry) { this.retry = retry; return this; }
    public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
    public Builder onFailure(FailureMode onFailure) { this.onFailure = onFailure; return this; }

    public NodeDefinition build() {
      return new NodeDefinition(id, type, agentName, template, arguments, expects, tool, inputs, expression, retry,
          timeout, onFailure);
    }
  }
}
