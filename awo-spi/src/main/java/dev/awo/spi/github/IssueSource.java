package dev.awo.spi.github;

/** Reads issues; a missing issue is a {@link GitHubException.NotFound}. Thread-safe. */
@FunctionalInterface
public interface IssueSource {
  IssueDetails issue(String repositoryUrl, int number);
}
