package dev.awo.examples;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.examples.demo.DemoAgentExecutor;
import dev.awo.git.GitHttpsCredentials;
import dev.awo.git.GitSandboxFactory;
import dev.awo.github.GhCli;
import dev.awo.github.GhConfig;
import dev.awo.github.GitHubRepositoryRef;
import dev.awo.github.IssueProgressComment;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that knows the adapters: puts the git sandboxes, the agent (demo or Claude Code)
 * and gh into an orchestrator builder according to the runner's options, with one credential
 * story. A host wires the same way, with its own configuration.
 *
 * <pre>{@code
 * RunnerWiring.Adapters adapters = RunnerWiring.Adapters.fromEnvironment().withLoggedInToken();
 * WorkflowOrchestratorBuilder builder = WorkflowOrchestrator.builder().workOrderRepository(workOrders);
 * GitSandboxFactory sandboxes = RunnerWiring.sandboxes(options, workDir, adapters);
 * List<AutoCloseable> closeAfterwards = RunnerWiring.wire(builder, options, sandboxes, workOrders, adapters);
 * }</pre>
 *
 * <p><b>Credentials.</b> The GitHub token ({@code GH_TOKEN}, else {@code GITHUB_TOKEN}, else the
 * token of a logged-in gh) is used for awo's git over https to the GitHub host (through git's askpass
 * helper, never in a URL, argv or file in the sandbox), for awo's gh calls ({@code GH_TOKEN} of gh)
 * and handed to the agent ({@code GH_TOKEN}, the askpass helper for its {@code git push}). ssh
 * remotes use {@code SSH_AUTH_SOCK}, for awo and for the agent.
 *
 * <p>Stateless and thread-safe.
 */
public final class RunnerWiring {
  /** Variables git and gh get from the runner's environment: HOME and the network route. */
  static final List<String> NETWORK = List.of("HOME", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
      "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy");
  /** Variables gh reads its login and certificates from. */
  private static final List<String> GH_SETTINGS = List.of("GH_CONFIG_DIR", "XDG_CONFIG_HOME", "SSL_CERT_FILE", "SSL_CERT_DIR");

  private RunnerWiring() {}

  /**
   * How to run git, the Claude Code CLI and gh; tests point them at loopback mocks.
   *
   * @param claude the Claude Code CLI's configuration
   * @param gh gh's configuration for awo's own calls
   * @param gitEnvironment variables for awo's git processes (HOME, proxies)
   * @param token the GitHub token, or null for none
   */
  public record Adapters(ClaudeCodeConfig claude, GhConfig gh, Map<String, String> gitEnvironment, String token) {
    public Adapters {
      java.util.Objects.requireNonNull(claude, "claude");
      java.util.Objects.requireNonNull(gh, "gh");
      gitEnvironment = Map.copyOf(gitEnvironment);
    }

    /** Adapters with the token gh is configured with, and no extra git environment. */
    public Adapters(ClaudeCodeConfig claude, GhConfig gh) {
      this(claude, gh, Map.of(), gh.token().orElse(null));
    }

    /** {@link #fromEnvironment(Map)} of this process's environment. */
    public static Adapters fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /**
     * From an environment: {@code AWO_CLAUDE_CLI} (default {@code claude}), the variables the CLI
     * reads to reach its API ({@link ClaudeCodeConfig#API_ENVIRONMENT}), {@code AWO_GH_CLI}
     * (default {@code gh}), {@code GH_HOST}, {@code GH_TOKEN} or {@code GITHUB_TOKEN}, HOME, the
     * proxy variables and gh's configuration directory. Runs nothing.
     */
    public static Adapters fromEnvironment(Map<String, String> env) {
      ClaudeCodeConfig.Builder claude = ClaudeCodeConfig.builder().skipPermissions(true).passApiEnvironment(false);
      value(env, "AWO_CLAUDE_CLI").ifPresent(claude::cliPath);
      Set<String> forAgent = new LinkedHashSet<>(ClaudeCodeConfig.API_ENVIRONMENT);
      forAgent.addAll(List.of("HOME", "GH_HOST", "GH_CONFIG_DIR", "SSH_AUTH_SOCK"));
      forAgent.forEach(name -> value(env, name).ifPresent(v -> claude.environment(name, v)));
      GhConfig.Builder gh = GhConfig.builder();
      value(env, "AWO_GH_CLI").ifPresent(gh::ghPath);
      value(env, "GH_HOST").ifPresent(gh::host);
      Map<String, String> git = new LinkedHashMap<>();
      for (String name : NETWORK) {
        value(env, name).ifPresent(v -> {
          gh.env(name, v);
          git.put(name, v);
        });
      }
      GH_SETTINGS.forEach(name -> value(env, name).ifPresent(v -> gh.env(name, v)));
      String token = value(env, "GH_TOKEN").or(() -> value(env, "GITHUB_TOKEN")).orElse(null);
      if (token != null) {
        gh.token(token);
      }
      return new Adapters(claude.build(), gh.build(), git, token);
    }

    /** These adapters, with the token of a logged-in gh ({@code gh auth token}) when none is set. */
    public Adapters withLoggedInToken() {
      if (token != null) {
        return this;
      }
      try {
        return new GhCli(gh).loggedInToken()
            .map(t -> new Adapters(claude, gh.toBuilder().token(t).build(), gitEnvironment, t))
            .orElse(this);
      } catch (dev.awo.spi.github.GitHubException e) {
        return this; // no gh to ask: public repositories and ssh still work; GitHub calls will say what is missing
      }
    }

    /** Shows no secret: the token as {@code ***}, the git environment by name only. */
    @Override
    public String toString() {
      return "Adapters[claude=" + claude + ", gh=" + gh + ", gitEnvironment=" + gitEnvironment.keySet()
          + ", token=" + (token == null ? "none" : "***") + "]";
    }

    /** The host gh works with: GH_HOST, else github.com. */
    String githubHost() {
      return gh.host().orElse(GitHubRepositoryRef.DEFAULT_HOST);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
      return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
  }

  /**
   * The git sandbox factory under {@code workDir/sandboxes}: the runner's HOME and proxies, the
   * GitHub token for https remotes on the GitHub host, and the user's git configuration when
   * {@code --user-git-config} asks for it.
   */
  public static GitSandboxFactory sandboxes(RunnerOptions options, Path workDir, Adapters adapters) {
    GitSandboxFactory.Builder git = GitSandboxFactory.builder().baseDirectory(workDir.resolve("sandboxes"))
        .useUserGitConfig(options.userGitConfig());
    adapters.gitEnvironment().forEach(git::environment);
    if (adapters.token() != null) {
      git.httpsCredentials(GitHttpsCredentials.token(adapters.token(), adapters.githubHost(), GitHubRepositoryRef.DEFAULT_HOST));
    }
    return git.build();
  }

  /**
   * Adds the sandbox factory, the agent and the GitHub ports to {@code builder}. Returns what the
   * caller must close once the orchestrator is closed: the sandbox factory (its warm worktrees) and,
   * when there is one, the listener keeping a progress comment on the issue up to date.
   */
  public static List<AutoCloseable> wire(WorkflowOrchestratorBuilder builder, RunnerOptions options,
      GitSandboxFactory sandboxes, WorkOrderRepository workOrders, Adapters adapters) {
    builder.sandboxFactory(sandboxes);
    List<AutoCloseable> toClose = new ArrayList<>(List.of(sandboxes));
    boolean claude = options.agent().equals("claude");
    builder.agentExecutor(claude ? claudeExecutor(options, sandboxes, adapters) : new DemoAgentExecutor(workOrders));
    progressComment(builder, options, adapters).ifPresent(toClose::add);
    return toClose;
  }

  /**
   * The Claude Code executor with the options' model, turn limit and step timeout, and what the
   * agent needs to push and open the pull request: the GitHub token for gh and the askpass helper
   * (or ssh agent) for git.
   */
  public static ClaudeCodeExecutor claudeExecutor(RunnerOptions options, GitSandboxFactory sandboxes, Adapters adapters) {
    ClaudeCodeConfig.Builder claude = adapters.claude().toBuilder().extraEnvironment(sandboxes.credentialEnvironment());
    if (adapters.token() != null) {
      claude.environment("GH_TOKEN", adapters.token());
      if (!isPublicGitHub(adapters.githubHost())) {
        claude.environment("GH_ENTERPRISE_TOKEN", adapters.token());
      }
    }
    claude.environment("GH_PROMPT_DISABLED", "1").environment("GH_NO_UPDATE_NOTIFIER", "1");
    if (options.model() != null) {
      claude.model(options.model());
    }
    if (options.maxTurns() != null) {
      claude.maxTurns(options.maxTurns());
    }
    if (options.stepTimeout() != null) {
      claude.timeout(options.stepTimeout());
    }
    return new ClaudeCodeExecutor(claude.build());
  }

  private static Optional<IssueProgressComment> progressComment(
      WorkflowOrchestratorBuilder builder, RunnerOptions options, Adapters adapters) {
    boolean claude = options.agent().equals("claude");
    if (!claude && options.issueNumber() == null) {
      return Optional.empty();
    }
    GhCli gh = new GhCli(adapters.gh());
    if (options.issueNumber() != null) {
      builder.issueSource(gh);
    }
    if (!claude) {
      return Optional.empty();
    }
    builder.pullRequestOpener(gh).issueCommenter(gh);
    if (options.repository() != null && gh.hosts(options.repository())) {
      builder.repositoryVerifier(gh);
    }
    if (options.issueNumber() == null) {
      return Optional.empty();
    }
    IssueProgressComment progress = new IssueProgressComment(gh, DefaultWorkflow.STEPS);
    builder.listener(progress);
    return Optional.of(progress);
  }

  private static boolean isPublicGitHub(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("github.com") || h.endsWith(".github.com") || h.equals("github.localhost") || h.endsWith(".github.localhost");
  }
}
