package dev.awo.spi.github;

import static dev.awo.spi.Arguments.requireText;

/** What to open a pull request with. {@code body} may be empty. Immutable. */
public record PullRequestSpec(String repositoryUrl, String head, String base, String title, String body, boolean draft) {
  public PullRequestSpec {
    requireText(repositoryUrl, "repositoryUrl");
    requireText(head, "head");
    requireText(base, "base");
    requireText(title, "title");
    body = body == null ? "" : body;
  }
}
