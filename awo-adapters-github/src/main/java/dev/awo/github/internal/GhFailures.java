package dev.awo.github.internal;

import dev.awo.spi.github.GitHubException;
import dev.awo.spi.process.ProcessResult;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed gh run into the {@link GitHubException} a caller can act on. Works only on output
 * that the process runner has already redacted. Thread-safe (stateless).
 */
public final class GhFailures {
  /** gh's exit code when it has no credentials. */
  public static final int EXIT_AUTH = 4;

  private static final Pattern RESET = Pattern.compile("(?i)x-ratelimit-reset:?\\s*\"?([0-9]{9,11})");
  private static final Pattern RETRY_AFTER = Pattern.compile("(?i)retry-after:?\\s*\"?([0-9]{1,6})");
  private static final int EXCERPT = 400;

  private GhFailures() {}

  /**
   * The exception for a gh run that did not succeed.
   *
   * @param result the run, with redacted output
   * @param subject what was being accessed, e.g. {@code repository acme/widgets}
   * @param action what was being done, e.g. {@code read issue #7}
   */
  public static GitHubException of(ProcessResult result, String subject, String action) {
    if (result.timedOut()) {
      return new GitHubException("gh timed out after " + result.duration().toMillis() + " ms trying to " + action
          + " (" + subject + "); check the network or raise GhConfig timeout");
    }
    if (result.interrupted()) {
      return new GitHubException("gh was interrupted while trying to " + action + " (" + subject + ")");
    }
    String output = (result.stderr() + "\n" + result.stdout()).strip();
    String lower = output.toLowerCase(Locale.ROOT);
    String excerpt = excerpt(result.stderr().isBlank() ? result.stdout() : result.stderr());
    if (result.exitCode() == EXIT_AUTH || lower.contains("gh auth login") || lower.contains("http 401")
        || lower.contains("bad credentials")) {
      return new GitHubException.NotAuthenticated("gh is not authenticated to " + action + " (" + subject
          + "): set GH_TOKEN (or GITHUB_TOKEN) to a token with access to it, or log in with `gh auth login`; gh said: " + excerpt);
    }
    if (lower.contains("rate limit") || lower.contains("http 429")) {
      return new GitHubException.RateLimited("GitHub's API rate limit was reached trying to " + action + " ("
          + subject + "); " + retryHint(output) + "; gh said: " + excerpt);
    }
    if (lower.contains("could not resolve to") || lower.contains("http 404") || lower.contains("not found")) {
      return new GitHubException.NotFound(capitalise(subject) + " was not found, or is not visible with these "
          + "credentials (trying to " + action + "); check the name and the token's access; gh said: " + excerpt);
    }
    return new GitHubException("gh failed to " + action + " (" + subject + "): " + result.describe());
  }

  private static String retryHint(String output) {
    Matcher reset = RESET.matcher(output);
    if (reset.find()) {
      return "retry after " + java.time.Instant.ofEpochSecond(Long.parseLong(reset.group(1))) + " (when the limit resets)";
    }
    Matcher after = RETRY_AFTER.matcher(output);
    if (after.find()) {
      return "retry in " + after.group(1) + " s";
    }
    return "retry when the limit resets (the primary limit resets within the hour; `gh api rate_limit` shows when)";
  }

  private static String excerpt(String text) {
    String t = text == null ? "" : text.strip().replace('\n', ' ');
    return t.length() > EXCERPT ? t.substring(0, EXCERPT) + "..." : t;
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
