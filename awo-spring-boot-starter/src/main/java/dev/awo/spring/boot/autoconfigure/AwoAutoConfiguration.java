package dev.awo.spring.boot.autoconfigure;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.core.SaveRetryPolicy;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.template.ClasspathCommandTemplates;
import dev.awo.core.template.DirectoryCommandTemplates;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.git.GitSandboxFactory;
import dev.awo.github.GhCli;
import dev.awo.github.GhConfig;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.github.IssueSource;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.template.CommandTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds a {@link WorkflowOrchestrator} from the {@code awo.*} properties ({@link AwoProperties})
 * and the application's beans: the Claude Code CLI as the agent, git sandboxes, gh for GitHub,
 * persistence on the application's {@code DataSource} (else in memory, with a WARN), every {@link
 * WorkOrderListener} bean, the workflows of {@code awo.workflows.locations} and every {@link
 * WorkflowDefinition} bean. Each bean backs off when the application defines one of the same type;
 * an {@link Executor} bean named {@value #EXECUTOR_BEAN} replaces the orchestrator's own pool.
 *
 * <p>The orchestrator is closed when the context closes (running work orders are cancelled, waiting
 * ones stay waiting); {@link AwoRecovery} takes every unfinished work order up again on start.
 *
 * <p>Beans defined here are thread-safe.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"},
    after = AwoMicrometerAutoConfiguration.class)
@EnableConfigurationProperties(AwoProperties.class)
@Import({AwoStoreConfiguration.Jdbc.class, AwoStoreConfiguration.InMemory.class})
public class AwoAutoConfiguration {
  /** The name of an {@link Executor} bean that replaces the orchestrator's own pool. */
  public static final String EXECUTOR_BEAN = "awoExecutor";

  private static final Logger LOG = LoggerFactory.getLogger(AwoAutoConfiguration.class);

  /** How the Claude Code CLI runs; the API key comes from {@code awo.agent.api-key-variable}'s variable. */
  @Bean
  @ConditionalOnMissingBean
  public ClaudeCodeConfig awoClaudeCodeConfig(AwoProperties properties) {
    return ClaudeConfigs.from(properties.agent(), System::getenv);
  }

  @Bean
  @ConditionalOnMissingBean(AgentExecutor.class)
  public ClaudeCodeExecutor awoAgentExecutor(ClaudeCodeConfig config) {
    return new ClaudeCodeExecutor(config);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(SandboxFactory.class)
  public GitSandboxFactory awoSandboxFactory(AwoProperties properties) {
    AwoProperties.Sandbox sandbox = properties.sandbox();
    return GitSandboxFactory.builder().baseDirectory(sandbox.baseDirectoryOrDefault())
        .warmWorktrees(sandbox.warmWorktrees()).timeout(sandbox.gitTimeout()).build();
  }

  /** The built-in prompt templates, overridden by those of {@code awo.agent.templates-directory}. */
  @Bean
  @ConditionalOnMissingBean
  public CommandTemplates awoCommandTemplates(AwoProperties properties) {
    java.nio.file.Path directory = properties.agent().templatesDirectory();
    return directory == null ? ClasspathCommandTemplates.defaults()
        : DirectoryCommandTemplates.overriding(directory, ClasspathCommandTemplates.defaults());
  }

  /** gh, with the token of the first set variable of {@code awo.github.token-variables}. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "awo.github.enabled", matchIfMissing = true)
  public GhConfig awoGhConfig(AwoProperties properties) {
    return GhConfigs.from(properties.github(), System::getenv);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "awo.github.enabled", matchIfMissing = true)
  public GhCli awoGhCli(GhConfig config) {
    return new GhCli(config);
  }

  /** The workflows of {@code awo.workflows.locations}, read once on start. */
  @Bean
  @ConditionalOnMissingBean
  public WorkflowDefinitions awoWorkflowDefinitions(AwoProperties properties, ResourceLoader resourceLoader) {
    return WorkflowDefinitions.load(properties.workflows().locations(), resourceLoader);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public WorkflowOrchestrator workflowOrchestrator(
      AwoProperties properties, AgentExecutor agent, SandboxFactory sandboxes, CommandTemplates templates,
      StepHistoryRepository histories, WorkOrderRepository workOrders, WorkflowDefinitions workflows,
      ObjectProvider<WorkflowDefinition> workflowBeans, ObjectProvider<WorkOrderListener> listeners,
      ObjectProvider<RepositoryVerifier> verifiers, ObjectProvider<IssueSource> issueSources,
      ObjectProvider<PullRequestOpener> openers, ObjectProvider<IssueCommenter> commenters,
      @Qualifier(EXECUTOR_BEAN) ObjectProvider<Executor> executor) {
    warnIfInMemory(histories, workOrders);
    AwoProperties.SaveRetry retry = properties.saveRetry();
    WorkflowOrchestratorBuilder builder = WorkflowOrchestrator.builder()
        .agentExecutor(agent).sandboxFactory(sandboxes).commandTemplates(templates)
        .stepHistoryRepository(histories).workOrderRepository(workOrders)
        .saveRetryPolicy(SaveRetryPolicy.builder().maximumAttempts(retry.maxAttempts())
            .initialInterval(retry.initialDelay()).backoffCoefficient(retry.multiplier())
            .maximumInterval(retry.maxDelay()).timeBudget(retry.timeBudget()).build())
        .saveFailurePolicy(retry.saveFailurePolicy())
        .sandboxRetention(properties.sandbox().sandboxRetention())
        .maxConcurrentWorkOrders(properties.executor().maxConcurrentWorkOrders())
        .maxParallelNodes(properties.executor().maxParallelNodes());
    preferApplication(verifiers).ifPresent(builder::repositoryVerifier);
    preferApplication(issueSources).ifPresent(builder::issueSource);
    preferApplication(openers).ifPresent(builder::pullRequestOpener);
    preferApplication(commenters).ifPresent(builder::issueCommenter);
    executor.ifAvailable(builder::executor);
    workflows.definitions().forEach(builder::workflow);
    workflowBeans.orderedStream().forEach(builder::workflow);
    listeners.orderedStream().forEach(builder::listener);
    return builder.build();
  }

  /** Takes waiting work orders up again once the context has started. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "awo.recovery.enabled", matchIfMissing = true)
  public AwoRecovery awoRecovery(WorkflowOrchestrator orchestrator) {
    return new AwoRecovery(orchestrator);
  }

  /**
   * The application's own implementation of a GitHub port if it has one, else gh: {@link GhCli}
   * implements all four ports, and an application that replaces one keeps gh for the others. The
   * web endpoints choose their {@code RepositoryVerifier} the same way.
   *
   * @param candidates the beans of one port
   * @param <T> the port
   * @return the application's bean, else gh's, else empty
   */
  public static <T> Optional<T> preferApplication(ObjectProvider<T> candidates) {
    List<T> all = new ArrayList<>();
    candidates.orderedStream().forEach(all::add);
    return all.stream().filter(c -> !(c instanceof GhCli)).findFirst().or(() -> all.stream().findFirst());
  }

  private static void warnIfInMemory(StepHistoryRepository histories, WorkOrderRepository workOrders) {
    List<String> inMemory = new ArrayList<>();
    if (histories instanceof InMemoryStepHistoryRepository) {
      inMemory.add("step histories");
    }
    if (workOrders instanceof InMemoryWorkOrderRepository) {
      inMemory.add("work orders");
    }
    if (!inMemory.isEmpty()) {
      String what = String.join(" and ", inMemory);
      LOG.atWarn().setMessage("awo_store_in_memory: " + what + " are kept in memory, so nothing survives a restart; "
              + "add a DataSource (awo-store-jdbc's tables are created on it) or define StepHistoryRepository and "
              + "WorkOrderRepository beans")
          .addKeyValue("kept_in_memory", what).log();
    }
  }
}
