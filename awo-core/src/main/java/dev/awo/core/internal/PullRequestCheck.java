package dev.awo.core.internal;

import dev.awo.domain.WorkOrder;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.PullRequestSpec;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The truthful end of a pull-request step. On a repository the {@link PullRequestOpener} hosts (a
 * GitHub remote), the step succeeds only if a pull request exists for the work branch: it is looked
 * up by head branch, and when the agent pushed but opened none, awo opens it (idempotently); the URL
 * recorded is the one GitHub returned, never the agent's text. If neither works the step fails with
 * the host's reason. Without an opener, or on a repository it does not host, nothing can be
 * verified: the URL the agent printed (if any) is kept and {@code pr_verified} is false.
 *
 * <p>Fields: {@code pr_url}, {@code pr_verified} ({@code true}/{@code false}) and {@code
 * pr_opened_by} ({@code agent}, {@code awo} or empty).
 */
final class PullRequestCheck {
  private static final Pattern PR_URL = Pattern.compile("https?://[^\\s<>\"'`)]+/pull/\\d+");

  private PullRequestCheck() {}

  static OutputChecks.Checked check(String text, Sandbox sandbox, String baseBranch, String branch,
      PullRequestOpener opener, WorkOrder order) {
    Matcher m = PR_URL.matcher(text);
    String claimed = m.find() ? m.group() : "";
    if (opener == null || order == null || !opener.hosts(order.repositoryUrl())) {
      return OutputChecks.Checked.ok(fields(claimed, false, ""));
    }
    String head = branch != null && !branch.isBlank() ? branch : sandbox.currentBranch().orElse("");
    if (head.isBlank()) {
      return OutputChecks.Checked.fail("there is no work branch, so no pull request can exist");
    }
    Optional<PullRequest> found;
    try {
      found = opener.find(order.repositoryUrl(), head);
    } catch (RuntimeException e) {
      return OutputChecks.Checked.fail("could not check for a pull request of branch '" + head + "': "
          + reason(e));
    }
    if (found.isPresent()) {
      return OutputChecks.Checked.ok(fields(found.get().url(), true, "agent"));
    }
    if (baseBranch == null || baseBranch.isBlank()) {
      return OutputChecks.Checked.fail("no pull request exists for branch '" + head
          + "' and awo cannot open one without a base branch");
    }
    try {
      PullRequest opened = opener.open(new PullRequestSpec(order.repositoryUrl(), head, baseBranch, title(order),
          body(order, claimed), false));
      return OutputChecks.Checked.ok(fields(opened.url(), true, opened.alreadyExisted() ? "agent" : "awo"));
    } catch (RuntimeException e) {
      return OutputChecks.Checked.fail("no pull request exists for branch '" + head
          + "' and awo could not open one: " + reason(e));
    }
  }

  private static Map<String, String> fields(String url, boolean verified, String openedBy) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("pr_url", url);
    fields.put("pr_verified", Boolean.toString(verified));
    fields.put("pr_opened_by", openedBy);
    return fields;
  }

  private static String title(WorkOrder order) {
    String first = order.userRequest() == null ? "" : order.userRequest().strip().lines().findFirst().orElse("");
    String title = first.isBlank() ? "Work order " + order.id().value() : first;
    return title.length() > 120 ? title.substring(0, 117) + "..." : title;
  }

  private static String body(WorkOrder order, String claimed) {
    StringBuilder body = new StringBuilder("Opened by awo for work order ").append(order.id().value())
        .append(": the agent pushed the branch but no pull request existed for it.");
    if (!claimed.isEmpty()) {
      body.append(" (The agent reported ").append(claimed).append(", which GitHub does not know for this branch.)");
    }
    if (order.issueNumber() != null) {
      body.append("\n\nCloses #").append(order.issueNumber());
    }
    return body.toString();
  }

  private static String reason(RuntimeException e) {
    String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
    return Redactor.patternsOnly().redact(message.length() > 600 ? message.substring(0, 600) + "..." : message);
  }
}
