package dev.awo.spi.github;

import static dev.awo.spi.Arguments.requireText;

/** A repository as its host reports it. Immutable. */
public record RepositoryInfo(String owner, String name, String defaultBranch, String url) {
  public RepositoryInfo {
    requireText(owner, "owner");
    requireText(name, "name");
    requireText(defaultBranch, "defaultBranch");
    requireText(url, "url");
  }

  /** {@code owner/name}. */
  public String fullName() {
    return owner + "/" + name;
  }
}
