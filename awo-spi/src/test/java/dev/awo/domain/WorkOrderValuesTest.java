package dev.awo.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Domain value validation")
class WorkOrderValuesTest {
  @ParameterizedTest(name = "''{0}'' is not a work order id")
  @ValueSource(strings = {"", "wo-", "wo-1234567", "wo-123456789", "WO-12345678", "wo-1234567G", "wo-ABCDEF12",
      "xx-12345678", " wo-12345678", "wo-12345678\n", "../wo-12345678"})
  void badIds(String value) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> WorkOrderId.of(value));
    assertEquals("workOrderId", e.field());
  }

  @Test
  @DisplayName("an error message quotes at most 80 characters of the bad value, with control characters replaced")
  void excerpted() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> WorkOrderId.of("x\n".repeat(200)));
    assertEquals(true, e.getMessage().length() < 200);
    assertEquals(false, e.getMessage().contains("\n"));
  }

  @Test
  @DisplayName("a step result needs a step, an outcome, a start and a non-negative duration and attempt of 1 or more")
  void stepResultChecks() {
    Instant t = Instant.EPOCH;
    assertEquals("step", assertThrows(InvalidInputException.class,
        () -> StepResult.builder(" ", t).succeeded("x").build()).field());
    assertEquals("outcome", assertThrows(InvalidInputException.class,
        () -> StepResult.builder("a", t).build()).field());
    assertEquals("duration", assertThrows(InvalidInputException.class,
        () -> StepResult.builder("a", t).succeeded("x").duration(Duration.ofMillis(-1)).build()).field());
    assertEquals("attempt", assertThrows(InvalidInputException.class,
        () -> StepResult.builder("a", t).succeeded("x").attempt(0).build()).field());
  }

  @Test
  @DisplayName("wire names round-trip and unknown ones list the valid values")
  void wireNames() {
    for (WorkOrderStatus s : WorkOrderStatus.values()) {
      assertEquals(s, WorkOrderStatus.fromWireName(s.wireName()));
    }
    assertEquals(SandboxType.GIT_WORKTREE, SandboxType.fromWireName("git_worktree"));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> SandboxType.fromWireName("docker"));
    assertEquals("Invalid sandboxType: unknown sandbox type 'docker'; expected one of git_branch, git_worktree", e.getMessage());
  }
}
