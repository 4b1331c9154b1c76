package dev.awo.spi.github;

import static dev.awo.spi.Arguments.requireText;

/**
 * An opened pull request.
 *
 * @param alreadyExisted true when an open pull request for the same head and base was found and
 *     returned instead of creating a second one
 */
public record PullRequest(int number, String url, boolean alreadyExisted) {
  public PullRequest {
    requireText(url, "url");
  }
}
