package dev.awo.core.workflow;

import static dev.awo.spi.Arguments.requirePresent;

import java.util.List;
import java.util.Set;

/**
 * A {@code human_gate} node: waits for a person to approve or reject, showing them {@code message}
 * (a text that may hold bindings; {@code inputs.message} in JSON). A rejection is a failure, so
 * {@code onFailure} decides whether the run goes on; nodes after it can bind {@code decision}
 * ({@code approved} or {@code rejected}) and {@code reason}.
 *
 * <pre>{@code
 * HumanGate approve = NodeDefinition.humanGate("approve").message("Open the PR for $context.task?").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record HumanGate(String id, BoundText message, FailureMode onFailure) implements NodeDefinition {

  /** Checks the fields; null for message or onFailure means the default (no message, fail). */
  public HumanGate {
    NodeDefinition.requireId(id);
    message = message == null ? BoundText.of("") : message;
    onFailure = onFailure == null ? FailureMode.FAIL : onFailure;
  }

  @Override
  public NodeType type() {
    return NodeType.HUMAN_GATE;
  }

  @Override
  public List<BoundText.Reference> references() {
    return message.references();
  }

  @Override
  public Set<String> outputFields() {
    return Set.of("output", "decision", "reason");
  }

  /** Builds {@link HumanGate}s; not thread-safe. */
  public static final class Builder {
    private final String id;
    private String message = "";
    private FailureMode onFailure = FailureMode.FAIL;

    Builder(String id) {
      this.id = id;
    }

    /** What the approver is shown; may hold bindings. */
    public Builder message(String message) { this.message = requirePresent(message, "message"); return this; }

    /** What a rejection does to the run. */
    public Builder onFailure(FailureMode onFailure) { this.onFailure = requirePresent(onFailure, "onFailure"); return this; }

    /** The node. */
    public HumanGate build() {
      return new HumanGate(id, BoundText.of(message), onFailure);
    }
  }
}
