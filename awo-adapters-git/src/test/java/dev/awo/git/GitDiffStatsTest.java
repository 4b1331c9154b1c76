package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awo.domain.DiffStats;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GitDiffStatsTest {
  @Test
  @DisplayName("numstat lines are summed and binary files count as files with no lines")
  void sums() {
    String numstat = "3\t1\tsrc/A.java\n-\t-\tlogo.png\n10\t0\t\"we\\tird name\"\n0\t5\told => new\n";
    assertEquals(new DiffStats(4, 13, 6), GitDiffStats.parseNumstat(numstat));
  }

  @Test
  @DisplayName("no output means no change")
  void empty() {
    assertEquals(DiffStats.NONE, GitDiffStats.parseNumstat(""));
    assertEquals(DiffStats.NONE, GitDiffStats.parseNumstat("\n"));
  }

  @Test
  @DisplayName("output that is not numstat is refused rather than miscounted")
  void garbage() {
    assertThrows(IllegalArgumentException.class, () -> GitDiffStats.parseNumstat("fatal: bad revision\n"));
    assertThrows(IllegalArgumentException.class, () -> GitDiffStats.parseNumstat("x\ty\tz\n"));
  }
}
