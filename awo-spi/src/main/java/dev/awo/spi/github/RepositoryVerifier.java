package dev.awo.spi.github;

/**
 * Checks that a repository exists and is accessible, and reads its default branch. Thread-safe.
 * Failures are {@link GitHubException}s whose subtypes say what to do.
 */
@FunctionalInterface
public interface RepositoryVerifier {
  RepositoryInfo verify(String repositoryUrl);
}
