package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.SaveFailurePolicy;
import dev.awo.core.SandboxRetention;
import dev.awo.domain.SandboxType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code awo.*} properties, bound with relaxed binding ({@code awo.agent.cli-path},
 * {@code AWO_AGENT_CLIPATH}, ...). Every value is checked when it is bound: a bad value stops the
 * application on start with a message naming the property and what it accepts.
 *
 * <pre>
 * awo:
 *   agent:   { cli-path: /opt/claude/bin/claude, model: sonnet, max-turns: 40, step-timeout: 30m,
 *              environment-pass-through: [HTTPS_PROXY, NODE_EXTRA_CA_CERTS] }
 *   sandbox: { base-directory: /var/lib/awo/sandboxes, warm-worktrees: 2, retention: clean_up }
 *   github:  { gh-path: gh, token-variables: [GH_TOKEN, GITHUB_TOKEN] }
 *   workflows: { locations: [classpath:awo/workflows/, file:/etc/awo/workflows/] }
 * </pre>
 *
 * <p>Secrets are never properties: the Anthropic API key and the GitHub token are read from the
 * environment variables named here, and their values are not kept in this object. Immutable and
 * thread-safe.
 *
 * @param agent the Claude Code CLI
 * @param sandbox where agents work
 * @param github the gh CLI
 * @param workflows workflow definitions to load
 * @param saveRetry how a failed step history save is retried
 * @param executor the orchestrator's own pool
 * @param store persistence on the application's DataSource
 * @param recovery what happens on start
 * @param web the optional REST and SSE endpoints
 */
@ConfigurationProperties("awo")
public record AwoProperties(
    @DefaultValue Agent agent,
    @DefaultValue Sandbox sandbox,
    @DefaultValue GitHub github,
    @DefaultValue Workflows workflows,
    @DefaultValue SaveRetry saveRetry,
    @DefaultValue Executor executor,
    @DefaultValue Store store,
    @DefaultValue Recovery recovery,
    @DefaultValue Web web) {

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The Claude Code CLI.
   *
   * @param cliPath the claude program: a name looked up on the PATH, or a path
   * @param model the model every step uses unless the workflow names one
   * @param maxTurns the turn limit per step; unset means none
   * @param stepTimeout how long one step may run before its process tree is killed
   * @param skipPermissions run the CLI with --dangerously-skip-permissions (the sandbox is the boundary)
   * @param apiKeyVariable the environment variable holding the Anthropic API key; unset or empty
   *     variables leave the CLI to its own login
   * @param environmentPassThrough names of environment variables of this process handed to the
   *     CLI as they are (proxies, CA certificates, cloud provider settings)
   * @param templatesDirectory a directory of prompt templates (name.md, e.g. a project's
   *     .claude/commands/agent-work-orders) that override the built-in ones of the same name
   */
  public record Agent(
      @DefaultValue("claude") String cliPath,
      @DefaultValue("sonnet") String model,
      Integer maxTurns,
      @DefaultValue("30m") Duration stepTimeout,
      @DefaultValue("true") boolean skipPermissions,
      @DefaultValue("ANTHROPIC_API_KEY") String apiKeyVariable,
      @DefaultValue({}) List<String> environmentPassThrough,
      Path templatesDirectory) {
    public Agent {
      require(cliPath != null && !cliPath.isBlank() && !cliPath.startsWith("-"), "awo.agent.cli-path",
          "must name the claude program or its path (and not start with '-'), got '" + cliPath + "'");
      require(model != null && !model.isBlank(), "awo.agent.model", "must name a model, e.g. sonnet");
      require(maxTurns == null || maxTurns > 0, "awo.agent.max-turns", "must be positive, got " + maxTurns);
      requirePositive(stepTimeout, "awo.agent.step-timeout");
      require(apiKeyVariable != null && VARIABLE.matcher(apiKeyVariable).matches(), "awo.agent.api-key-variable",
          "must be an environment variable name, got '" + apiKeyVariable + "'");
      environmentPassThrough = variableNames(environmentPassThrough, "awo.agent.environment-pass-through");
      require(templatesDirectory == null || java.nio.file.Files.isDirectory(templatesDirectory),
          "awo.agent.templates-directory", "must be an existing directory, got '" + templatesDirectory + "'");
    }
  }

  /**
   * Where agents work.
   *
   * @param type the sandbox type of work orders submitted over REST without one
   * @param baseDirectory where the git sandboxes are created; default java.io.tmpdir/awo/sandboxes
   * @param warmWorktrees worktrees kept ready per repository for git_worktree sandboxes (0 = none)
   * @param retention whether a finished work order's sandbox is cleaned up or kept for follow-up prompts
   * @param gitTimeout how long one git command may run
   */
  public record Sandbox(
      @DefaultValue("git_branch") String type,
      Path baseDirectory,
      @DefaultValue("0") int warmWorktrees,
      @DefaultValue("clean_up") String retention,
      @DefaultValue("10m") Duration gitTimeout) {
    public Sandbox {
      sandboxType(type);
      require(baseDirectory == null || baseDirectory.isAbsolute(), "awo.sandbox.base-directory",
          "must be an absolute directory, got '" + baseDirectory + "'");
      require(warmWorktrees >= 0 && warmWorktrees <= 64, "awo.sandbox.warm-worktrees",
          "must be between 0 and 64, got " + warmWorktrees);
      sandboxRetention(retention);
      requirePositive(gitTimeout, "awo.sandbox.git-timeout");
    }

    /** {@link #type()} as the domain value. */
    public SandboxType sandboxType() {
      return sandboxType(type);
    }

    /** {@link #retention()} as the core value. */
    public SandboxRetention sandboxRetention() {
      return sandboxRetention(retention);
    }

    /** {@link #baseDirectory()}, or {@code <java.io.tmpdir>/awo/sandboxes}. */
    public Path baseDirectoryOrDefault() {
      return baseDirectory != null ? baseDirectory
          : Path.of(System.getProperty("java.io.tmpdir"), "awo", "sandboxes").toAbsolutePath();
    }

    private static SandboxType sandboxType(String type) {
      for (SandboxType t : SandboxType.values()) {
        if (t.wireName().equalsIgnoreCase(type == null ? "" : type.replace('-', '_'))) {
          return t;
        }
      }
      throw new IllegalArgumentException("awo.sandbox.type must be git_branch or git_worktree, got '" + type + "'");
    }

    private static SandboxRetention sandboxRetention(String retention) {
      String name = retention == null ? "" : retention.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      for (SandboxRetention r : SandboxRetention.values()) {
        if (r.name().equals(name)) {
          return r;
        }
      }
      throw new IllegalArgumentException("awo.sandbox.retention must be clean_up or keep, got '" + retention + "'");
    }
  }

  /**
   * The gh CLI: repositories, issues, pull requests and progress comments.
   *
   * @param enabled whether gh is wired in at all
   * @param ghPath the gh program: a name looked up on the PATH, or a path
   * @param host the GitHub host for GitHub Enterprise; unset means github.com
   * @param tokenVariables environment variables tried in order for the token; none set leaves gh to its own login
   * @param timeout how long one gh command may run
   */
  public record GitHub(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("gh") String ghPath,
      String host,
      @DefaultValue({"GH_TOKEN", "GITHUB_TOKEN"}) List<String> tokenVariables,
      @DefaultValue("2m") Duration timeout) {
    public GitHub {
      require(ghPath != null && !ghPath.isBlank() && !ghPath.startsWith("-"), "awo.github.gh-path",
          "must name the gh program or its path (and not start with '-'), got '" + ghPath + "'");
      tokenVariables = variableNames(tokenVariables, "awo.github.token-variables");
      requirePositive(timeout, "awo.github.timeout");
    }
  }

  /**
   * Workflow definitions (JSON, the format of {@code WorkflowJson}) loaded on start in addition to
   * the built-in default workflow.
   *
   * @param locations Spring resource locations: a directory (classpath:awo/workflows/,
   *     file:/etc/awo/workflows/, every .json file in it), a pattern (classpath*:awo/*.json) or one file
   */
  public record Workflows(@DefaultValue({}) List<String> locations) {
    public Workflows {
      locations = List.copyOf(locations);
      for (String location : locations) {
        require(!location.isBlank(), "awo.workflows.locations", "must not contain an empty location");
      }
    }
  }

  /**
   * How a failed step history save is retried before listeners hear {@code save_failed}.
   *
   * @param maxAttempts attempts in all, the first included
   * @param initialDelay the wait before the second attempt
   * @param multiplier how much each wait grows
   * @param maxDelay the longest wait
   * @param timeBudget how long after the first attempt retries may go on (the defaults ride out a
   *     30-second database outage)
   * @param failurePolicy what follows when every attempt failed: continue or fail_work_order
   */
  public record SaveRetry(
      @DefaultValue("100") int maxAttempts,
      @DefaultValue("100ms") Duration initialDelay,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("5s") Duration maxDelay,
      @DefaultValue("60s") Duration timeBudget,
      @DefaultValue("continue") String failurePolicy) {
    public SaveRetry {
      require(maxAttempts > 0, "awo.save-retry.max-attempts", "must be positive, got " + maxAttempts);
      require(timeBudget != null && !timeBudget.isNegative() && !timeBudget.isZero(), "awo.save-retry.time-budget",
          "must be positive, got " + timeBudget);
      require(initialDelay != null && !initialDelay.isNegative(), "awo.save-retry.initial-delay",
          "must not be negative, got " + initialDelay);
      require(multiplier >= 1.0, "awo.save-retry.multiplier", "must be at least 1.0, got " + multiplier);
      require(maxDelay != null && maxDelay.compareTo(initialDelay) >= 0, "awo.save-retry.max-delay",
          "must not be shorter than awo.save-retry.initial-delay (" + initialDelay + "), got " + maxDelay);
      saveFailurePolicy(failurePolicy);
    }

    /** {@link #failurePolicy()} as the core value. */
    public SaveFailurePolicy saveFailurePolicy() {
      return saveFailurePolicy(failurePolicy);
    }

    private static SaveFailurePolicy saveFailurePolicy(String policy) {
      String name = policy == null ? "" : policy.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      for (SaveFailurePolicy p : SaveFailurePolicy.values()) {
        if (p.name().equals(name)) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "awo.save-retry.failure-policy must be continue or fail_work_order, got '" + policy + "'");
    }
  }

  /**
   * The orchestrator's own pool. An {@link java.util.concurrent.Executor} bean named {@code
   * awoExecutor} replaces it (a virtual-thread executor on Java 21+).
   *
   * @param maxConcurrentWorkOrders work orders running at once
   * @param maxParallelNodes nodes of one work order running at once in a parallel workflow
   */
  public record Executor(
      @DefaultValue("4") int maxConcurrentWorkOrders,
      @DefaultValue("4") int maxParallelNodes) {
    public Executor {
      require(maxConcurrentWorkOrders > 0 && maxConcurrentWorkOrders <= 1024, "awo.executor.max-concurrent-work-orders",
          "must be between 1 and 1024, got " + maxConcurrentWorkOrders);
      require(maxParallelNodes > 0 && maxParallelNodes <= 256, "awo.executor.max-parallel-nodes",
          "must be between 1 and 256, got " + maxParallelNodes);
    }
  }

  /**
   * Persistence on the application's {@code DataSource}.
   *
   * @param initializeSchema create awo's tables on start: by Flyway when it is on the class path
   *     (history table awo_schema_history), else by JdbcSchema.create
   */
  public record Store(@DefaultValue("true") boolean initializeSchema) {}

  /**
   * What happens on start.
   *
   * @param enabled take up the work orders that were waiting at human gates when the application stopped
   */
  public record Recovery(@DefaultValue("true") boolean enabled) {}

  /**
   * The optional REST and SSE endpoints.
   *
   * @param enabled serve /agent-work-orders (off by default); they are protected exactly
   *     as the application's own endpoints are (its Spring Security filter chain)
   */
  public record Web(@DefaultValue("false") boolean enabled) {}

  private static void require(boolean condition, String property, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(property + " " + problem);
    }
  }

  private static void requirePositive(Duration duration, String property) {
    require(duration != null && !duration.isNegative() && !duration.isZero(), property,
        "must be a positive duration such as 30s or 10m, got " + duration);
  }

  private static List<String> variableNames(List<String> names, String property) {
    for (String name : names) {
      require(name != null && VARIABLE.matcher(name).matches(), property,
          "must list environment variable names, got '" + name + "'");
    }
    return List.copyOf(names);
  }
}
