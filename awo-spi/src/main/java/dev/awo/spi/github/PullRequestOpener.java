package dev.awo.spi.github;

/**
 * Opens pull requests. Opening one that already exists for the same head and base returns the
 * existing one ({@link PullRequest#alreadyExisted()}), so a retried step is harmless. Thread-safe.
 */
@FunctionalInterface
public interface PullRequestOpener {
  PullRequest open(PullRequestSpec spec);
}
