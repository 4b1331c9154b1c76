package dev.awo.micrometer;

import static dev.awo.micrometer.EventScript.id;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.awo.domain.SandboxType;
import dev.awo.domain.StepOutcome;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.event.WorkOrderEvent;
import io.micrometer.core.instrument.Meter;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Event sequences become observations and meters")
class EventSequenceTest {
  private final Recording rec = new Recording();

  @AfterEach
  void close() {
    rec.close();
  }

  @Test
  @DisplayName("a completed work order is one awo.work_order observation with its steps as children, tagged by workflow, sandbox type and outcome")
  void completedWorkOrder() {
    EventScript.workOrder(id(1), "release", SandboxType.GIT_BRANCH).status(WorkOrderStatus.RUNNING)
        .step("classify").step("plan").status(WorkOrderStatus.COMPLETED).feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations)
        .hasNumberOfObservationsWithNameEqualTo("awo.work_order", 1)
        .hasNumberOfObservationsWithNameEqualTo("awo.step", 2)
        .hasObservationWithNameEqualTo("awo.work_order").that()
        .hasBeenStarted().hasBeenStopped()
        .hasContextualNameEqualTo("work_order release")
        .hasLowCardinalityKeyValue("workflow", "release")
        .hasLowCardinalityKeyValue("sandbox.type", "git_branch")
        .hasLowCardinalityKeyValue("outcome", "completed")
        .hasHighCardinalityKeyValue("awo.work_order.id", "wo-00000001")
        .doesNotHaveError();
    Observation.Context workOrder = rec.contexts().stream()
        .filter(c -> c.getName().equals("awo.work_order")).findFirst().orElseThrow();
    assertThat(rec.observations).forAllObservationsWithNameEqualTo("awo.step", step -> step
        .hasLowCardinalityKeyValue("workflow", "release")
        .hasLowCardinalityKeyValue("attempt", "1")
        .hasLowCardinalityKeyValue("outcome", "succeeded")
        .hasHighCardinalityKeyValue("awo.work_order.id", "wo-00000001")
        .hasParentObservationContextMatching(parent -> parent == workOrder));
    assertEquals(2, rec.meters.get("awo.step").timers().stream().mapToLong(t -> t.count()).sum(), "both steps stopped");
    assertThat(rec.observations).hasAnObservation(step -> step.hasNameEqualTo("awo.step")
        .hasContextualNameEqualTo("plan").hasLowCardinalityKeyValue("step", "plan").hasLowCardinalityKeyValue("agent", "agent_plan"));
    assertEquals(1, rec.timerCount("awo.work_order", "workflow", "release", "sandbox.type", "git_branch", "outcome", "completed"));
    assertEquals(1, rec.timerCount("awo.step", "step", "classify", "outcome", "succeeded", "agent", "agent_classify"));
  }

  @Test
  @DisplayName("cost and tokens are counted by workflow, step and agent, tokens by kind")
  void costAndTokens() {
    EventScript.run(id(2), WorkOrderStatus.COMPLETED, "classify", "plan", "plan_again").feed(rec.listener);
    EventScript.run(id(3), WorkOrderStatus.COMPLETED, "classify").feed(rec.listener);
    rec.recorded();

    assertEquals(0.5, rec.counter("awo.cost", "workflow", "default", "step", "classify", "agent", "agent_classify"), 1e-9);
    assertEquals(1.0, rec.meters.get("awo.cost").counters().stream().mapToDouble(c -> c.count()).sum(), 1e-9);
    assertEquals(200, rec.counter("awo.tokens", "step", "classify", "kind", "input"));
    assertEquals(100, rec.counter("awo.tokens", "step", "classify", "kind", "output"));
    assertEquals(6, rec.counter("awo.tokens", "step", "classify", "kind", "cache_read"));
    assertEquals(14, rec.counter("awo.tokens", "step", "classify", "kind", "cache_creation"));
    assertEquals("usd", rec.meters.get("awo.cost").counter().getId().getBaseUnit());
  }

  @Test
  @DisplayName("a failed attempt and its retry are two step observations, the failed one with an error that quotes no request text")
  void retriedStep() {
    EventScript.workOrder(id(4)).status(WorkOrderStatus.RUNNING)
        .started("implement", 1).saved("implement", 1, StepOutcome.FAILED)
        .started("implement", 2).saved("implement", 2, StepOutcome.SUCCEEDED)
        .status(WorkOrderStatus.COMPLETED).feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasAnObservation(o -> o.hasNameEqualTo("awo.step")
        .hasLowCardinalityKeyValue("attempt", "1").hasLowCardinalityKeyValue("outcome", "failed")
        .assertThatError().hasMessage("step implement failed"));
    assertThat(rec.observations).hasAnObservation(o -> o.hasNameEqualTo("awo.step")
        .hasLowCardinalityKeyValue("attempt", "2").hasLowCardinalityKeyValue("outcome", "succeeded").doesNotHaveError());
  }

  @Test
  @DisplayName("a failed work order's observation has outcome failed and an error")
  void failedWorkOrder() {
    EventScript.workOrder(id(5)).status(WorkOrderStatus.RUNNING).started("plan", 1).saved("plan", 1, StepOutcome.FAILED)
        .status(WorkOrderStatus.FAILED).feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasObservationWithNameEqualTo("awo.work_order").that()
        .hasLowCardinalityKeyValue("outcome", "failed").assertThatError().hasMessage("work order failed");
  }

  @Test
  @DisplayName("no key value of any observation holds the request text, the output or the error text")
  void noRequestTextInKeyValues() {
    EventScript.workOrder(id(6)).status(WorkOrderStatus.RUNNING).started("plan", 1).saved("plan", 1, StepOutcome.FAILED)
        .status(WorkOrderStatus.FAILED).feed(rec.listener);
    rec.recorded();

    rec.contexts().forEach(context -> context.getAllKeyValues().forEach(kv -> {
      assertFalse(kv.getValue().contains("verbose"), kv.toString());
      assertFalse(kv.getValue().contains("session-"), kv.toString());
    }));
    for (Meter meter : rec.meters.getMeters()) {
      meter.getId().getTags().forEach(tag -> assertFalse(tag.getValue().contains("verbose") || tag.getValue().startsWith("wo-"),
          meter.getId().toString()));
    }
  }

  @Test
  @DisplayName("the work order gauge follows the status: running, waiting at a gate, running again, gone when ended")
  void gaugeByStatus() {
    EventScript script = EventScript.workOrder(id(7)).status(WorkOrderStatus.RUNNING);
    List<WorkOrderEvent> running = script.events();
    List<WorkOrderEvent> waiting = script.status(WorkOrderStatus.WAITING).events();
    List<WorkOrderEvent> ended = script.status(WorkOrderStatus.RUNNING).status(WorkOrderStatus.CANCELLED).events();

    running.forEach(rec.listener::onEvent);
    rec.recorded();
    assertEquals(1.0, gauge("running"));
    waiting.subList(running.size(), waiting.size()).forEach(rec.listener::onEvent);
    rec.recorded();
    assertEquals(0.0, gauge("running"));
    assertEquals(1.0, gauge("waiting"));
    ended.subList(waiting.size(), ended.size()).forEach(rec.listener::onEvent);
    rec.recorded();
    assertEquals(0.0, gauge("running"));
    assertEquals(0.0, gauge("waiting"));
    assertEquals(0.0, gauge("pending"));
    assertEquals(0, rec.listener.trackedWorkOrders());
  }

  @Test
  @DisplayName("save latency is timed from the step's end to the saved event; a failed save is counted")
  void saveLatencyAndFailures() {
    EventScript.workOrder(id(8)).status(WorkOrderStatus.RUNNING).step("classify")
        .started("plan", 1).saveFailed("plan", 1, StepOutcome.SUCCEEDED)
        .step("find_plan").status(WorkOrderStatus.COMPLETED).feed(rec.listener);
    rec.recorded();

    var save = rec.meters.get("awo.step_history.save").tag("workflow", "default").timer();
    assertEquals(2, save.count());
    assertEquals(1200, save.totalTime(TimeUnit.MILLISECONDS), 1e-6); // each: saved 1 s after a start, 400 ms step
    assertEquals(1.0, rec.counter("awo.step_history.save.failures", "workflow", "default"));
    assertThat(rec.observations).hasObservationWithNameEqualTo("awo.work_order").that()
        .hasEvent("awo.step_history.save.failed");
  }

  @Test
  @DisplayName("a step whose save failed is closed with its real outcome when the next saved snapshot heals it")
  void healedSave() {
    EventScript.workOrder(id(9)).status(WorkOrderStatus.RUNNING)
        .started("plan", 1).saveFailed("plan", 1, StepOutcome.SUCCEEDED)
        .step("find_plan").status(WorkOrderStatus.COMPLETED).feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasAnObservation(o -> o.hasNameEqualTo("awo.step")
        .hasLowCardinalityKeyValue("step", "plan").hasLowCardinalityKeyValue("outcome", "succeeded"));
    assertEquals(0.25, rec.counter("awo.cost", "step", "plan"), 1e-9);
  }

  @Test
  @DisplayName("a step whose result never reached a saved snapshot is closed as unrecorded when the work order ends")
  void unrecordedStep() {
    EventScript.workOrder(id(10)).status(WorkOrderStatus.RUNNING)
        .started("plan", 1).saveFailed("plan", 1, StepOutcome.SUCCEEDED)
        .status(WorkOrderStatus.FAILED).feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasAnObservation(o -> o.hasNameEqualTo("awo.step")
        .hasLowCardinalityKeyValue("step", "plan").hasLowCardinalityKeyValue("outcome", "unrecorded"));
    assertEquals(1, rec.timerCount("awo.step", "step", "plan", "outcome", "unrecorded"));
    assertEquals(0, rec.listener.trackedWorkOrders());
  }

  @Test
  @DisplayName("a node skipped without a started event still counts as a step with outcome skipped")
  void skippedNode() {
    EventScript script = EventScript.workOrder(id(11)).status(WorkOrderStatus.RUNNING);
    script.saved(script.result("deploy", 1, StepOutcome.SKIPPED, null, null, null)).status(WorkOrderStatus.COMPLETED)
        .feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasAnObservation(o -> o.hasNameEqualTo("awo.step")
        .hasLowCardinalityKeyValue("step", "deploy").hasLowCardinalityKeyValue("outcome", "skipped")
        .hasLowCardinalityKeyValue("agent", "none"));
    assertEquals(1, rec.timerCount("awo.step", "step", "deploy", "outcome", "skipped"));
  }

  @Test
  @DisplayName("a follow-up prompt after the work order ended is a step observation of its own, and leaves no state behind")
  void followUpPromptAfterEnd() {
    EventScript.run(id(12), WorkOrderStatus.COMPLETED, "classify").step("prompt").feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasNumberOfObservationsWithNameEqualTo("awo.step", 2)
        .hasAnObservation(o -> o.hasNameEqualTo("awo.step").hasLowCardinalityKeyValue("step", "prompt")
            .hasLowCardinalityKeyValue("workflow", "unknown").doesNotHaveParentObservation());
    assertEquals(1, rec.timerCount("awo.step", "step", "prompt", "outcome", "succeeded"));
    assertEquals(0, rec.listener.trackedWorkOrders());
  }

  @Test
  @DisplayName("a work order rejected before it ran is recorded with its outcome")
  void rejectedWhilePending() {
    EventScript.workOrder(id(13)).status(WorkOrderStatus.FAILED).feed(rec.listener);
    rec.recorded();

    assertThat(rec.observations).hasSingleObservationThat().hasNameEqualTo("awo.work_order")
        .hasLowCardinalityKeyValue("outcome", "failed").hasBeenStopped();
    assertEquals(0, rec.listener.trackedWorkOrders());
  }

  @Test
  @DisplayName("closing the listener stops open observations with outcome unknown")
  void closeStopsOpenObservations() {
    EventScript.workOrder(id(14)).status(WorkOrderStatus.RUNNING).started("plan", 1).feed(rec.listener);
    rec.close();

    assertThat(rec.observations).hasObservationWithNameEqualTo("awo.work_order").that()
        .hasBeenStopped().hasLowCardinalityKeyValue("outcome", "unknown");
    assertThat(rec.observations).hasObservationWithNameEqualTo("awo.step").that()
        .hasBeenStopped().hasLowCardinalityKeyValue("outcome", "unrecorded");
    assertEquals(1, rec.timerCount("awo.step", "step", "plan", "outcome", "unrecorded"));
    assertEquals(0, rec.listener.droppedEvents());
  }

  private double gauge(String status) {
    return rec.meters.get("awo.work_orders").tag("status", status).gauge().value();
  }
}
