package dev.awo.core.internal;

import dev.awo.core.ModelPrices;
import dev.awo.core.SaveFailurePolicy;
import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.SandboxRetention;
import dev.awo.core.Sleeper;
import dev.awo.core.workflow.StuckDetection;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.github.IssueSource;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.template.CommandTemplates;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.DoubleSupplier;

/**
 * Everything a run needs, wired once by the orchestrator's builder. Optional ports are null when
 * the host did not supply them. {@code listenerExecutor} delivers events ({@link RunEvents});
 * {@code nodeThreads} makes the worker threads of parallel nodes; {@code stuckDetection} is the
 * default for workflows without their own, {@code modelPrices} estimates running agent costs;
 * {@code leases} is null when the work order store keeps no leases (one orchestrator per store).
 * Immutable.
 */
public record RunServices(
    StepHistoryRepository histories,
    WorkOrderRepository workOrders,
    AgentExecutor agent,
    SandboxFactory sandboxes,
    CommandTemplates templates,
    RepositoryVerifier repositoryVerifier,
    IssueSource issueSource,
    PullRequestOpener pullRequestOpener,
    IssueCommenter issueCommenter,
    ListenerFanout listeners,
    Executor listenerExecutor,
    ThreadFactory nodeThreads,
    Clock clock,
    Sleeper sleeper,
    DoubleSupplier random,
    SaveRetryPolicy saveRetry,
    SaveFailurePolicy saveFailurePolicy,
    SandboxRetention sandboxRetention,
    int maxParallelNodes,
    StuckDetection stuckDetection,
    ModelPrices modelPrices,
    LeaseSettings leases) {

  /** The same services with {@code other} as the agent (e.g. one wrapped to heartbeat per event). */
  public RunServices withAgent(AgentExecutor other) {
    return new RunServices(histories, workOrders, other, sandboxes, templates, repositoryVerifier, issueSource,
        pullRequestOpener, issueCommenter, listeners, listenerExecutor, nodeThreads, clock, sleeper, random, saveRetry,
        saveFailurePolicy, sandboxRetention, maxParallelNodes, stuckDetection, modelPrices, leases);
  }
}
