package dev.awo.git.internal;

import dev.awo.git.GitRepositoryUrl;
import dev.awo.git.RepositoryUnreachableException;
import dev.awo.git.RepositoryUnreachableException.Reason;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether git can use a repository, by {@code git ls-remote -- URL HEAD} (nothing cloned or
 * written), and if not, why, in one line with git's own reason. Thread-safe (stateless).
 */
public final class Reachability {
  private Reachability() {}

  /** Returns when git can list the repository's HEAD; throws {@link RepositoryUnreachableException} otherwise. */
  public static void check(Git git, GitRepositoryUrl url) {
    if (url.transport() == GitRepositoryUrl.Transport.LOCAL_PATH && !Files.isDirectory(Path.of(url.value()))) {
      throw new RepositoryUnreachableException(Reason.NOT_FOUND, url.redacted() + " does not exist or is not a directory");
    }
    ProcessResult result = git.run(null, url.secrets(), "ls-remote", "--", url.value(), "HEAD");
    if (result.succeeded()) {
      return;
    }
    String stderr = result.stderr() == null ? "" : result.stderr();
    String lower = stderr.toLowerCase(Locale.ROOT);
    String said = Redactor.of(url.secrets()).redact(gitSaid(result, stderr));
    if (!result.timedOut() && Git.isAuthenticationFailure(lower)) {
      throw new RepositoryUnreachableException(Reason.AUTHENTICATION_REQUIRED,
          url.redacted() + " asks for credentials and none given were accepted (git said: " + said + ")");
    }
    boolean local = url.transport() == GitRepositoryUrl.Transport.LOCAL_PATH || url.transport() == GitRepositoryUrl.Transport.FILE;
    if (!result.timedOut() && local && lower.contains("does not appear to be a git repository")) {
      throw new RepositoryUnreachableException(Reason.NOT_FOUND, url.redacted() + " is not a git repository");
    }
    if (!result.timedOut() && (lower.contains("not a git repository") || lower.contains("does not appear to be a git")
        || lower.contains("not found") || lower.contains("http 404"))) {
      throw new RepositoryUnreachableException(Reason.NOT_FOUND,
          url.redacted() + " is not a git repository, or does not exist (git said: " + said + ")");
    }
    throw new RepositoryUnreachableException(Reason.UNREACHABLE, url.redacted() + " cannot be reached (git said: " + said + ")");
  }

  /** git's first {@code fatal:} line (its reason), else how it ended. */
  private static String gitSaid(ProcessResult result, String stderr) {
    if (result.timedOut()) {
      return "timed out after " + result.duration().toMillis() + " ms";
    }
    return stderr.lines().filter(l -> l.startsWith("fatal:")).findFirst()
        .map(l -> l.substring("fatal:".length()).strip())
        .orElseGet(() -> result.describe().strip().replaceAll("\\s*\\R\\s*", " "));
  }
}
