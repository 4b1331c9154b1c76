package dev.awo.spi.github;

import static dev.awo.spi.Arguments.requireText;

import java.util.List;

/** An issue as read from its tracker. {@code body} may be empty. Immutable. */
public record IssueDetails(int number, String title, String body, String state, List<String> labels, String url) {
  public IssueDetails {
    if (number <= 0) {
      throw new dev.awo.domain.InvalidInputException("number", "must be positive, got " + number);
    }
    requireText(title, "title");
    body = body == null ? "" : body;
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
