package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;

import dev.awo.domain.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code tool_call} node: runs a {@link BuiltInTool} with {@code inputs} (texts that may hold
 * bindings). The inputs are checked against the tool when the node is made: every required one
 * present, none unknown, literal values valid ({@code draft}, {@code issue}). Retried under {@code
 * retry}. {@code timeout} is kept for the definition but not enforced on tools: the tools' ports
 * (git, gh) bound their own processes.
 *
 * <pre>{@code
 * ToolCall pr = NodeDefinition.toolCall("pr", "open_pr").input("title", "awo: $context.task")
 *     .input("body", "$plan.output").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record ToolCall(
    String id,
    BuiltInTool tool,
    Map<String, BoundText> inputs,
    RetryPolicy retry,
    Duration timeout,
    FailureMode onFailure) implements NodeDefinition {

  /** Checks the fields against the tool; null for inputs, retry or onFailure means the default. */
  public ToolCall {
    NodeDefinition.requireId(id);
    requirePresent(tool, "tool");
    inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    for (Map.Entry<String, BoundText> input : inputs.entrySet()) {
      String name = input.getKey();
      if (!tool.inputs().contains(name)) {
        throw new InvalidInputException("inputs." + name, "is not an input of tool '" + tool.wireName()
            + "'; it takes " + String.join(", ", tool.inputs()));
      }
      BoundText value = requirePresent(input.getValue(), "inputs." + name);
      Optional<String> problem = value.isLiteral() ? tool.problemWith(name, value.text()) : Optional.empty();
      if (problem.isPresent()) {
        throw new InvalidInputException("inputs." + name, problem.get());
      }
    }
    for (String required : new TreeSet<>(tool.requiredInputs())) {
      BoundText value = inputs.get(required);
      if (value == null || value.text().isBlank()) {
        throw new InvalidInputException("inputs." + required, "is required by tool '" + tool.wireName() + "'");
      }
    }
    retry = retry == null ? RetryPolicy.NONE : retry;
    if (timeout != null) {
      requirePositive(timeout, "timeout");
    }
    onFailure = onFailure == null ? FailureMode.FAIL : onFailure;
  }

  @Override
  public NodeType type() {
    return NodeType.TOOL_CALL;
  }

  @Override
  public List<BoundText.Reference> references() {
    List<BoundText.Reference> refs = new ArrayList<>();
    inputs.values().forEach(v -> refs.addAll(v.references()));
    return refs;
  }

  @Override
  public Set<String> outputFields() {
    Set<String> fields = new TreeSet<>(tool.outputs());
    fields.add("output");
    return fields;
  }

  /** Builds {@link ToolCall}s; not thread-safe. */
  public static final class Builder extends CallBuilder<Builder> {
    private final String id;
    private final BuiltInTool tool;
    private final Map<String, String> inputs = new LinkedHashMap<>();

    Builder(String id, BuiltInTool tool) {
      this.id = id;
      this.tool = tool;
    }

    @Override
    Builder self() {
      return this;
    }

    /** Adds the inputs, each a text that may hold bindings. */
    public Builder inputs(Map<String, String> inputs) { this.inputs.putAll(inputs); return this; }

    /** Adds one input, a text that may hold bindings. */
    public Builder input(String name, String value) { inputs.put(name, value); return this; }

    /**
     * The node.
     *
     * @throws InvalidInputException naming the input that is wrong
     */
    public ToolCall build() {
      Map<String, BoundText> parsed = new LinkedHashMap<>();
      inputs.forEach((k, v) -> parsed.put(k, BoundText.of(requirePresent(v, "inputs." + k))));
      return new ToolCall(id, tool, parsed, retry, timeout, onFailure);
    }
  }
}
