package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitPhaseTest {
  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "plan: outline the cart totals | PLANNING",
      "feat(cart): add totals | IMPLEMENTING",
      "fix!: rounding | IMPLEMENTING",
      "docs: explain totals | IMPLEMENTING",
      "test: cover totals | TESTING",
      "chore: bump version | COMMITTING",
      "Add the plan for issue 7 | PLANNING",
      "Implemented the cart totals | IMPLEMENTING",
      "More tests for rounding | TESTING",
      "Committing remaining changes | COMMITTING",
      "wip | UNKNOWN",
      "unknowntype: whatever | UNKNOWN",
  })
  @DisplayName("the phase follows the conventional type, else the first workflow word")
  void phaseFromSubject(String subject, GitPhase phase) {
    assertEquals(phase, GitPhase.fromCommitSubject(subject));
  }

  @Test
  @DisplayName("without commits the phase is not started, or implementing once files changed")
  void withoutCommits() {
    assertEquals(GitPhase.NOT_STARTED, GitPhase.of(0, "", 0));
    assertEquals(GitPhase.IMPLEMENTING, GitPhase.of(0, "", 2));
    assertEquals(GitPhase.TESTING, GitPhase.of(3, "test: more", 1));
  }
}
