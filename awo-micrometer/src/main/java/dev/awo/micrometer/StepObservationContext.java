package dev.awo.micrometer;

import dev.awo.domain.WorkOrderId;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code awo.step} observation knows about one step attempt, for
 * {@link StepObservationConvention}s to turn into key values. The agent and the outcome are known
 * only from the step's saved result, so they are set just before the observation stops. Every text
 * value is already bounded in cardinality.
 *
 * <p>Instances are used by one thread at a time: the listener's recording thread, and the
 * observation handlers it calls.
 */
public final class StepObservationContext extends Observation.Context {
  private final WorkOrderId workOrderId;
  private final String workflow;
  private final String step;
  private final String attempt;
  private String agent;
  private String outcome;

  /**
   * A context for one step attempt.
   *
   * @param workOrderId the work order's id (high cardinality: a key value for traces, never a tag)
   * @param workflow the workflow's name, or {@code unknown}
   * @param step the step (node) id
   * @param attempt the attempt as a tag value: {@code 1} ... {@code 9}, then {@code 10+}
   */
  public StepObservationContext(WorkOrderId workOrderId, String workflow, String step, String attempt) {
    this.workOrderId = Objects.requireNonNull(workOrderId, "workOrderId");
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.step = Objects.requireNonNull(step, "step");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
  }

  public WorkOrderId workOrderId() {
    return workOrderId;
  }

  public String workflow() {
    return workflow;
  }

  public String step() {
    return step;
  }

  public String attempt() {
    return attempt;
  }

  /**
   * The agent that ran the step ({@code none} for tool calls and gates, {@code unknown} when its
   * result was never recorded), once the observation ends.
   */
  public Optional<String> agent() {
    return Optional.ofNullable(agent);
  }

  /**
   * The attempt's outcome once it ended: {@code succeeded}, {@code failed}, {@code skipped},
   * {@code cancelled}, or {@code unrecorded} when the work order ended without a saved result for it.
   */
  public Optional<String> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** Sets the agent and outcome, just before the observation stops. */
  public void ended(String agent, String outcome) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }
}
