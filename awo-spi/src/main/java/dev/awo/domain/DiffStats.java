package dev.awo.domain;

/**
 * What changed between two commits, as git counts it (binary files count as changed files with no
 * lines).
 */
public record DiffStats(int filesChanged, long linesAdded, long linesRemoved) {
  public static final DiffStats NONE = new DiffStats(0, 0, 0);

  public DiffStats {
    if (filesChanged < 0 || linesAdded < 0 || linesRemoved < 0) {
      throw new InvalidInputException("diffStats", "counts cannot be negative");
    }
  }
}
