package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.template.CommandTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@code agent_call} node: renders the prompt template {@code template} with {@code arguments}
 * ({@code $1}, {@code $2}, ...) and runs it with the agent, checking its output against {@code
 * expects}. The template name may hold one binding to a classification's kind ({@code
 * planner_$classify.kind}); arguments may hold any bindings. Retried under {@code retry}, each
 * attempt limited to {@code timeout} (null: the executor's default); all attempts together held to
 * {@code budget}.
 *
 * <pre>{@code
 * AgentCall plan = NodeDefinition.agentCall("plan", "planner_$classify.kind").agentName("planner")
 *     .arguments("$context.work_order_id", "$context.task").timeout(Duration.ofMinutes(30)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record AgentCall(
    String id,
    BoundText template,
    List<BoundText> arguments,
    String agentName,
    OutputKind expects,
    RetryPolicy retry,
    Duration timeout,
    FailureMode onFailure,
    Budget budget) implements NodeDefinition {

  private static final List<String> CLASSIFICATION_KINDS = List.of("feature", "bug", "chore");

  /**
   * Checks the fields; null for arguments, expects, retry, onFailure or budget means the default.
   *
   * @param budget what all attempts of this node together may spend; {@link Budget#NONE} by default
   */
  public AgentCall {
    NodeDefinition.requireId(id);
    requirePresent(template, "template");
    requireText(template.text(), "template");
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    if (agentName != null) {
      requireText(agentName, "agentName");
    }
    expects = expects == null ? OutputKind.TEXT : expects;
    retry = retry == null ? RetryPolicy.NONE : retry;
    if (timeout != null) {
      requirePositive(timeout, "timeout");
    }
    onFailure = onFailure == null ? FailureMode.FAIL : onFailure;
    budget = budget == null ? Budget.NONE : budget;
    for (String name : templateNames(template)) {
      CommandTemplates.requireName(name);
    }
  }

  /** A node without a budget of its own. */
  public AgentCall(String id, BoundText template, List<BoundText> arguments, String agentName, OutputKind expects,
      RetryPolicy retry, Duration timeout, FailureMode onFailure) {
    this(id, template, arguments, agentName, expects, retry, timeout, onFailure, Budget.NONE);
  }

  @Override
  public NodeType type() {
    return NodeType.AGENT_CALL;
  }

  @Override
  public List<BoundText.Reference> references() {
    List<BoundText.Reference> refs = new ArrayList<>(template.references());
    arguments.forEach(a -> refs.addAll(a.references()));
    return refs;
  }

  @Override
  public Set<String> outputFields() {
    Set<String> fields = new TreeSet<>(OutputKind.COMMON_FIELDS);
    fields.addAll(expects.fields());
    return fields;
  }

  /**
   * The template names this node can run: its template, or for a binding to a classification's
   * kind one name per kind; empty when other bindings make the name unknown until the run.
   */
  public List<String> templateNames() {
    return templateNames(template);
  }

  private static List<String> templateNames(BoundText template) {
    List<BoundText.Reference> refs = template.references();
    if (refs.isEmpty()) {
      return List.of(template.text());
    }
    if (refs.size() == 1 && refs.get(0).field().equals("kind")) {
      String scope = refs.get(0).scope();
      return CLASSIFICATION_KINDS.stream().map(kind -> template.resolve(Map.of(scope, Map.of("kind", kind)))).toList();
    }
    return List.of();
  }

  /** Builds {@link AgentCall}s; not thread-safe. */
  public static final class Builder extends CallBuilder<Builder> {
    private final String id;
    private final String template;
    private List<String> arguments = List.of();
    private String agentName;
    private OutputKind expects = OutputKind.TEXT;
    private Budget budget = Budget.NONE;

    Builder(String id, String template) {
      this.id = id;
      this.template = template;
    }

    @Override
    Builder self() {
      return this;
    }

    /** The template's {@code $1}, {@code $2}, ...; each may hold bindings. */
    public Builder arguments(String... arguments) { return arguments(List.of(arguments)); }

    /** The template's {@code $1}, {@code $2}, ...; each may hold bindings. */
    public Builder arguments(List<String> arguments) { this.arguments = List.copyOf(arguments); return this; }

    /** The agent's name in results, e.g. {@code planner}. */
    public Builder agentName(String agentName) { this.agentName = agentName; return this; }

    /** What the output must be; {@link OutputKind#TEXT} by default. */
    public Builder expects(OutputKind expects) { this.expects = requirePresent(expects, "expects"); return this; }

    /** What all attempts of this node together may spend (cost, turns); none by default. */
    public Builder budget(Budget budget) { this.budget = requirePresent(budget, "budget"); return this; }

    /**
     * The node.
     *
     * @throws InvalidInputException naming the field that is wrong
     */
    public AgentCall build() {
      requireText(template, "template");
      return new AgentCall(id, BoundText.of(template), arguments.stream().map(BoundText::of).toList(), agentName,
          expects, retry, timeout, onFailure, budget);
    }
  }
}
