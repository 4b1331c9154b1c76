package dev.awo.examples;

import dev.awo.domain.InvalidInputException;
import dev.awo.git.GitSandboxFactory;
import dev.awo.git.RepositoryUnreachableException;
import dev.awo.github.GhCli;
import dev.awo.spi.agent.AgentUnavailableException;

/**
 * The checks the runner makes before anything is stored or cloned: the repository exists, is a git
 * repository and answers {@code git ls-remote} with the credentials the run will use; an issue is
 * only asked for on a GitHub repository; the Claude Code CLI starts ({@code claude --version}).
 * Each problem is a {@link UsageException} (exit 2) whose one line names what to change: an
 * environment variable or an option, never a Java builder. Stateless and thread-safe.
 */
final class Preflight {
  private static final java.util.regex.Pattern HOST =
      java.util.regex.Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?|[^/@:]+@)([^/:]+)");

  private Preflight() {}

  private static boolean isGitHubHost(String host, RunnerWiring.Adapters adapters) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.equals("github.com") || h.equals(adapters.githubHost().toLowerCase(java.util.Locale.ROOT).replaceAll(":.*", ""));
  }

  /** Runs every check that applies to {@code options}; {@code repository} is the resolved --repo. */
  static void check(RunnerOptions options, String repository, GitSandboxFactory sandboxes, RunnerWiring.Adapters adapters) {
    if (options.issueNumber() != null) {
      issueHost(options, adapters);
    }
    if (options.repository() != null) {
      reachable(repository, sandboxes, adapters);
    }
    if (options.issueNumber() != null) {
      issueExists(options, repository, adapters);
    }
    if (options.agent().equals("claude")) {
      claudeStarts(options, sandboxes, adapters);
    }
  }

  private static void issueHost(RunnerOptions options, RunnerWiring.Adapters adapters) {
    if (options.repository() == null || !new GhCli(adapters.gh()).hosts(options.repository())) {
      throw new UsageException("--issue " + options.issueNumber() + " needs --repo naming a repository on "
          + adapters.githubHost() + " (e.g. https://" + adapters.githubHost() + "/OWNER/REPO; set GH_HOST for "
          + "GitHub Enterprise)" + (options.repository() == null ? "" : ", not " + AwoRunner.redactUrl(options.repository())));
    }
  }

  private static void issueExists(RunnerOptions options, String repository, RunnerWiring.Adapters adapters) {
    try {
      new GhCli(adapters.gh()).issue(repository, options.issueNumber());
    } catch (dev.awo.spi.github.GitHubException.NotFound e) {
      throw new UsageException("--issue " + options.issueNumber() + ": there is no such issue in "
          + AwoRunner.redactUrl(repository) + ", or the token cannot see it");
    } catch (dev.awo.spi.github.GitHubException e) {
      throw new UsageException("--issue " + options.issueNumber() + ": " + e.getMessage());
    }
  }

  private static void reachable(String repository, GitSandboxFactory sandboxes, RunnerWiring.Adapters adapters) {
    java.util.regex.Matcher host = HOST.matcher(repository);
    if (host.find() && isGitHubHost(host.group(1), adapters) && !new GhCli(adapters.gh()).hosts(repository)) {
      throw new UsageException("--repo " + AwoRunner.redactUrl(repository) + " names no repository on "
          + host.group(1) + "; expected https://" + host.group(1) + "/OWNER/REPO or git@" + host.group(1) + ":OWNER/REPO.git");
    }
    try {
      sandboxes.checkReachable(repository);
    } catch (RepositoryUnreachableException e) {
      String hint = switch (e.reason()) {
        case AUTHENTICATION_REQUIRED -> adapters.token() == null
            ? "; set GH_TOKEN (or GITHUB_TOKEN) to a token that can read it, or log in with 'gh auth login'"
                + " (for ssh remotes: load a key into the agent at SSH_AUTH_SOCK; for other hosts: --user-git-config"
                + " with a credential helper)"
            : "; the token in GH_TOKEN / GITHUB_TOKEN (or of gh auth login) was refused: check its access to this "
                + "repository";
        case NOT_FOUND -> "";
        case UNREACHABLE -> "; check the network, HTTPS_PROXY / NO_PROXY, or for ssh ~/.ssh/known_hosts";
      };
      throw new UsageException("--repo: " + e.getMessage() + hint);
    } catch (InvalidInputException e) {
      throw new UsageException("--repo: " + e.getMessage());
    }
  }

  private static void claudeStarts(RunnerOptions options, GitSandboxFactory sandboxes, RunnerWiring.Adapters adapters) {
    try {
      RunnerWiring.claudeExecutor(options, sandboxes, adapters).version();
    } catch (AgentUnavailableException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
