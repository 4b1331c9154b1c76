package dev.awo.examples.http;

import java.util.Optional;

/**
 * Decides, before anything is stored, whether a {@code repository_url} of a create request can be
 * worked on at all (it exists, it is a git repository, it is reachable). A refusal is answered with
 * a 400 naming {@code repository_url}, and nothing is created.
 *
 * <pre>{@code
 * RepositoryCheck check = url -> url.startsWith("https://github.com/acme/")
 *     ? Optional.empty() : Optional.of("only acme repositories are served here");
 * }</pre>
 *
 * <p>Implementations must be thread-safe: the server calls them from many request threads.
 */
@FunctionalInterface
public interface RepositoryCheck {
  /** Accepts every repository (the orchestrator's own validation still applies). */
  RepositoryCheck ACCEPT_ALL = url -> Optional.empty();

  /**
   * Why {@code repositoryUrl} cannot be used, as a sentence a person can act on; empty when it can.
   * Must not throw for a merely unusable repository.
   */
  Optional<String> problem(String repositoryUrl);
}
