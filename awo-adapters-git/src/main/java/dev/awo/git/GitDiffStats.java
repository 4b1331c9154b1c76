package dev.awo.git;

import dev.awo.domain.DiffStats;

/**
 * Reads git's own account of a change: the output of {@code git diff --numstat A B}. Each line is
 * {@code added<TAB>removed<TAB>path}; binary files show {@code -<TAB>-} and count as changed files
 * with no lines. These numbers come from git, never from what an agent says it did.
 *
 * <pre>{@code
 * DiffStats stats = GitDiffStats.parseNumstat("3\t1\tsrc/A.java\n-\t-\tlogo.png\n");
 * // files 2, added 3, removed 1
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class GitDiffStats {
  private GitDiffStats() {}

  /** Sums {@code git diff --numstat} output (without {@code -z}); blank lines are ignored. */
  public static DiffStats parseNumstat(String numstat) {
    if (numstat == null || numstat.isBlank()) {
      return DiffStats.NONE;
    }
    int files = 0;
    long added = 0;
    long removed = 0;
    for (String line : numstat.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", 3);
      if (fields.length < 3) {
        throw new IllegalArgumentException("not a numstat line: '" + dev.awo.spi.Arguments.excerpt(line) + "'");
      }
      files++;
      added += count(fields[0], line);
      removed += count(fields[1], line);
    }
    return new DiffStats(files, added, removed);
  }

  private static long count(String field, String line) {
    if (field.equals("-")) {
      return 0;
    }
    try {
      return Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a numstat line: '" + dev.awo.spi.Arguments.excerpt(line) + "'", e);
    }
  }
}
