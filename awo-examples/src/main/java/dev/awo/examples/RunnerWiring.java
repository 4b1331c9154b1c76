package dev.awo.examples;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.examples.demo.DemoAgentExecutor;
import dev.awo.git.GitSandboxFactory;
import dev.awo.github.GhCli;
import dev.awo.github.GhConfig;
import dev.awo.github.IssueProgressComment;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place that knows the adapters: puts the git sandboxes, the agent (demo or Claude Code)
 * and gh into an orchestrator builder according to the runner's options. A host wires the same
 * way, with its own configuration.
 *
 * <pre>{@code
 * WorkflowOrchestratorBuilder builder = WorkflowOrchestrator.builder().workOrderRepository(workOrders);
 * List<AutoCloseable> closeAfterwards =
 *     RunnerWiring.wire(builder, options, workDir, workOrders, RunnerWiring.Adapters.fromEnvironment());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RunnerWiring {
  private RunnerWiring() {}

  /**
   * How to run the Claude Code CLI and gh when {@code --agent claude} or {@code --issue} asks for
   * them; tests point both at loopback mocks.
   */
  public record Adapters(ClaudeCodeConfig claude, GhConfig gh) {

    /**
     * From the environment: {@code AWO_CLAUDE_CLI} (default {@code claude}), {@code
     * ANTHROPIC_API_KEY} (else the CLI's own login), {@code AWO_GH_CLI} (default {@code gh}),
     * {@code GH_TOKEN} or {@code GITHUB_TOKEN} (else gh's own login).
     */
    public static Adapters fromEnvironment() {
      ClaudeCodeConfig.Builder claude = ClaudeCodeConfig.builder().skipPermissions(true);
      env("AWO_CLAUDE_CLI").ifPresent(claude::cliPath);
      env("ANTHROPIC_API_KEY").ifPresent(claude::apiKey);
      GhConfig.Builder gh = GhConfig.builder();
      env("AWO_GH_CLI").ifPresent(gh::ghPath);
      env("GH_TOKEN").or(() -> env("GITHUB_TOKEN")).ifPresent(gh::token);
      return new Adapters(claude.build(), gh.build());
    }

    private static Optional<String> env(String name) {
      return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
  }

  /**
   * Adds the sandbox factory, the agent and the GitHub ports to {@code builder}. Returns what the
   * caller must close once the orchestrator is closed: the sandbox factory (its warm worktrees) and,
   * when there is one, the listener keeping a progress comment on the issue up to date.
   */
  public static List<AutoCloseable> wire(
      WorkflowOrchestratorBuilder builder, RunnerOptions options, Path workDir, WorkOrderRepository workOrders,
      Adapters adapters) {
    GitSandboxFactory sandboxes = GitSandboxFactory.builder().baseDirectory(workDir.resolve("sandboxes")).build();
    builder.sandboxFactory(sandboxes);
    List<AutoCloseable> toClose = new ArrayList<>(List.of(sandboxes));
    progressComment(builder, options, workOrders, adapters).ifPresent(toClose::add);
    return toClose;
  }

  private static Optional<IssueProgressComment> progressComment(
      WorkflowOrchestratorBuilder builder, RunnerOptions options, WorkOrderRepository workOrders, Adapters adapters) {
    boolean claude = options.agent().equals("claude");
    builder.agentExecutor(claude ? new ClaudeCodeExecutor(adapters.claude()) : new DemoAgentExecutor(workOrders));
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
    if (options.repository() != null && isGitHub(options.repository())) {
      builder.repositoryVerifier(gh);
    }
    if (options.issueNumber() == null) {
      return Optional.empty();
    }
    IssueProgressComment progress = new IssueProgressComment(gh, DefaultWorkflow.STEPS);
    builder.listener(progress);
    return Optional.of(progress);
  }

  private static boolean isGitHub(String repository) {
    String lower = repository.toLowerCase(Locale.ROOT);
    return lower.startsWith("https://github.com/") || lower.startsWith("git@github.com:")
        || lower.startsWith("ssh://git@github.com/");
  }
}
