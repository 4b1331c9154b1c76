package dev.awo.spi.github;

/** Posts a comment on an issue and edits it later. Thread-safe. */
public interface IssueCommenter {

  /** Posts a comment; returns its id for {@link #update}. */
  long comment(String repositoryUrl, int issueNumber, String body);

  /** Replaces the body of a comment posted earlier. */
  void update(String repositoryUrl, long commentId, String body);
}
