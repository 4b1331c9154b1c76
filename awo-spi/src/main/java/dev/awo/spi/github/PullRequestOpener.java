package dev.awo.spi.github;

import java.util.Optional;

/**
 * Opens pull requests and finds the open one of a work branch. Opening one that already exists for
 * the same head and base returns the existing one ({@link PullRequest#alreadyExisted()}), so a
 * retried step is harmless.
 *
 * <pre>{@code
 * if (opener.hosts(repositoryUrl)) {
 *   PullRequest pr = opener.find(repositoryUrl, branch)
 *       .orElseGet(() -> opener.open(new PullRequestSpec(repositoryUrl, branch, "main", title, body, false)));
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface PullRequestOpener {
  /** Opens a pull request (or returns the open one for the same head and base). */
  PullRequest open(PullRequestSpec spec);

  /**
   * The pull request whose head is {@code head} in this repository, as the host reports it; empty
   * when there is none. Failures to ask are {@link GitHubException}s. The default cannot look and
   * answers empty, so a caller falls back to {@link #open}, which by its contract returns an
   * existing pull request instead of opening a second.
   */
  default Optional<PullRequest> find(String repositoryUrl, String head) {
    return Optional.empty();
  }

  /**
   * Whether this opener can open pull requests for {@code repositoryUrl} at all (for the gh
   * adapter: the URL names a repository on github.com or on the configured host); false for, say,
   * a local path or a host it does not serve. Never throws. By default true.
   */
  default boolean hosts(String repositoryUrl) {
    return true;
  }
}
