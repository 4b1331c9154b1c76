package dev.awo.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations awo records, with their key names, in the shape Micrometer's documentation
 * generator reads. Low-cardinality keys become meter tags and span attributes; high-cardinality keys
 * go to spans only.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum AwoObservationDocumentation implements ObservationDocumentation {

  /**
   * One work order, from its first status change to running until its final status. The span is the
   * parent of the work order's {@link #STEP} spans.
   */
  WORK_ORDER {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultWorkOrderObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return new KeyName[] {LowCardinalityKeys.WORKFLOW, LowCardinalityKeys.SANDBOX_TYPE, LowCardinalityKeys.OUTCOME};
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeys.values();
    }

    @Override
    public Observation.Event[] getEvents() {
      return Events.values();
    }
  },

  /** One attempt of one step, from its step-started event until its result is saved. */
  STEP {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultStepObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return new KeyName[] {LowCardinalityKeys.WORKFLOW, LowCardinalityKeys.STEP, LowCardinalityKeys.ATTEMPT,
          LowCardinalityKeys.AGENT, LowCardinalityKeys.OUTCOME};
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeys.values();
    }
  };

  /** Keys whose values come from a bounded set: workflow and step names, enums, small numbers. */
  public enum LowCardinalityKeys implements KeyName {
    /** The workflow's name, e.g. {@code default}. */
    WORKFLOW("workflow"),
    /** The sandbox type's wire name: {@code git_branch} or {@code git_worktree}. */
    SANDBOX_TYPE("sandbox.type"),
    /** The step (node) id, e.g. {@code classify}. */
    STEP("step"),
    /** The attempt: {@code 1} to {@code 9}, then {@code 10+}. */
    ATTEMPT("attempt"),
    /**
     * The agent that ran the step, e.g. {@code classifier}; {@code none} for tool calls and gates,
     * {@code unknown} when the step's result was never recorded.
     */
    AGENT("agent"),
    /**
     * How it ended: a work order's final status ({@code completed}, {@code failed},
     * {@code cancelled}); a step's outcome ({@code succeeded}, {@code failed}, {@code skipped},
     * {@code cancelled}, {@code unrecorded}). Present once the observation stops.
     */
    OUTCOME("outcome");

    private final String key;

    LowCardinalityKeys(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }

  /** What a work order's observation (its span) can tell besides its start and stop. */
  public enum Events implements Observation.Event {
    /** A step history save failed after every retry (the step's result may heal at the next save). */
    SAVE_FAILED("awo.step_history.save.failed");

    private final String name;

    Events(String name) {
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }
  }

  /** Keys with one value per work order: span attributes only, never meter tags. */
  public enum HighCardinalityKeys implements KeyName {
    /** The work order's id, e.g. {@code wo-1a2b3c4d}, to find a trace from the id a user reports. */
    WORK_ORDER_ID("awo.work_order.id");

    private final String key;

    HighCardinalityKeys(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }
}
