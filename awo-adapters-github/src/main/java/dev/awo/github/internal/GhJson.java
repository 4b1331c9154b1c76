package dev.awo.github.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.github.RepositoryInfo;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON gh prints ({@code --json} output and {@code gh api} bodies). Thread-safe. */
public final class GhJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GhJson() {}

  /** {@code gh repo view --json name,owner,defaultBranchRef,url}. */
  public static RepositoryInfo repository(String json, String fallbackUrl) {
    JsonNode root = read(json, "repository");
    String owner = root.path("owner").path("login").asText("");
    String name = root.path("name").asText("");
    String branch = root.path("defaultBranchRef").path("name").asText("");
    String url = root.path("url").asText("");
    if (owner.isEmpty() || name.isEmpty()) {
      throw new GitHubException("gh returned a repository without owner or name: " + excerpt(json));
    }
    if (branch.isEmpty()) {
      throw new GitHubException("Repository " + owner + "/" + name
          + " has no default branch (is it empty?); push an initial commit first");
    }
    return new RepositoryInfo(owner, name, branch, url.isEmpty() ? fallbackUrl : url);
  }

  /** {@code gh issue view N --json number,title,body,state,labels,url}. */
  public static IssueDetails issue(String json) {
    JsonNode root = read(json, "issue");
    List<String> labels = new ArrayList<>();
    for (JsonNode label : root.path("labels")) {
      String name = label.path("name").asText("");
      if (!name.isEmpty()) {
        labels.add(name);
      }
    }
    int number = root.path("number").asInt(0);
    if (number <= 0 || root.path("title").asText("").isBlank()) {
      throw new GitHubException("gh returned an issue without number or title: " + excerpt(json));
    }
    return new IssueDetails(number, root.path("title").asText(), root.path("body").asText(""),
        root.path("state").asText(""), labels, root.path("url").asText(""));
  }

  /**
   * {@code gh pr view B --json number,url,state}: the pull request as GitHub reports it; empty when
   * it was closed without being merged (its work is not there any more).
   */
  public static java.util.Optional<dev.awo.spi.github.PullRequest> pullRequest(String json) {
    JsonNode root = read(json, "pull request");
    if ("CLOSED".equalsIgnoreCase(root.path("state").asText(""))) {
      return java.util.Optional.empty();
    }
    int number = root.path("number").asInt(0);
    String url = root.path("url").asText("");
    if (number <= 0 || url.isBlank()) {
      throw new GitHubException("gh returned a pull request without number or URL: " + excerpt(json));
    }
    return java.util.Optional.of(new dev.awo.spi.github.PullRequest(number, url, true));
  }

  /** The {@code id} of the object in a REST reply, e.g. a created comment. */
  public static long id(String json, String what) {
    JsonNode id = read(json, what).path("id");
    if (!id.canConvertToLong() || id.asLong() <= 0) {
      throw new GitHubException("gh returned a " + what + " without an id: " + excerpt(json));
    }
    return id.asLong();
  }

  /** The body of {@code gh api --include} output: what follows the status line and headers. */
  public static String httpBody(String included) {
    int lf = included.indexOf("\n\n");
    int crlf = included.indexOf("\r\n\r\n");
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
      return included.substring(crlf + 4);
    }
    return lf >= 0 ? included.substring(lf + 2) : included;
  }

  private static JsonNode read(String json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new GitHubException("gh printed no JSON object for the " + what + ": " + excerpt(json));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new GitHubException("gh printed JSON that cannot be read for the " + what + ": " + excerpt(json));
    }
  }

  private static String excerpt(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
