package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.StuckDetection;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runner's budget and stuck detection options")
class RunLimitsOptionsTest {

  @Test
  @DisplayName("without the options: no budget of the run's own and the default stuck detection")
  void defaults() {
    assertEquals(RunLimits.NONE, RunnerOptions.parse().limits());
  }

  @Test
  @DisplayName("--max-cost and --max-total-turns set the work order's budget")
  void budget() {
    assertEquals(Budget.of(new BigDecimal("2.5"), 40),
        RunnerOptions.parse("--max-cost", "2.50", "--max-total-turns", "40").limits().budget());
    assertEquals(Budget.maxCostUsd(new BigDecimal("3")), RunnerOptions.parse("--max-cost=$3").limits().budget());
  }

  @Test
  @DisplayName("--stuck-repeats and --stuck-silence set stuck detection; 0 and off switch a check off")
  void stuck() {
    assertEquals(new StuckDetection(8, Duration.ofMinutes(10)),
        RunnerOptions.parse("--stuck-repeats", "8").limits().stuckDetection());
    assertEquals(new StuckDetection(5, Duration.ofMinutes(20)),
        RunnerOptions.parse("--stuck-silence", "20m").limits().stuckDetection());
    assertEquals(StuckDetection.OFF,
        RunnerOptions.parse("--stuck-repeats", "0", "--stuck-silence", "off").limits().stuckDetection());
  }

  @Test
  @DisplayName("a bad value is a usage error naming the option")
  void badValuesAreRefused() {
    for (String[] bad : new String[][] {{"--max-cost", "0"}, {"--max-cost", "lots"}, {"--max-cost", "-1"},
        {"--max-total-turns", "0"}, {"--stuck-repeats", "1"}, {"--stuck-repeats", "x"}, {"--stuck-silence", "never"},
        {"--stuck-silence", "0m"}}) {
      UsageException e = assertThrows(UsageException.class, () -> RunnerOptions.parse(bad[0], bad[1]));
      assertTrue(e.getMessage().startsWith(bad[0]), e.getMessage());
    }
  }
}
