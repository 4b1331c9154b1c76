package dev.awo.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A step result says what happened")
class StepResultOutcomeTest {
  private static StepResult ended(StepOutcome outcome) {
    return StepResult.builder("review", Instant.parse("2026-01-01T00:00:00Z")).outcome(outcome).build();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(StepOutcome.class)
  @DisplayName("succeeded() and failed() are true only for their own outcome: skipped and cancelled are neither")
  void succeededAndFailedFollowTheOutcome(StepOutcome outcome) {
    StepResult r = ended(outcome);
    assertEquals(outcome == StepOutcome.SUCCEEDED, r.succeeded());
    assertEquals(outcome == StepOutcome.FAILED, r.failed());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = StepOutcome.class, names = {"SKIPPED", "CANCELLED"})
  @DisplayName("a host filtering for failures with failed() does not count a skipped or cancelled step")
  void skippedIsNotAFailure(StepOutcome outcome) {
    assertFalse(ended(outcome).failed());
    assertFalse(ended(outcome).succeeded());
  }

  @SuppressWarnings("deprecation")
  @ParameterizedTest(name = "{0}")
  @EnumSource(StepOutcome.class)
  @DisplayName("the deprecated success() keeps its meaning: true only when the step succeeded")
  void deprecatedSuccessUnchanged(StepOutcome outcome) {
    assertEquals(outcome == StepOutcome.SUCCEEDED, ended(outcome).success());
    assertTrue(ended(StepOutcome.SUCCEEDED).success());
  }
}
