package dev.awo.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.git.GitSandboxFactory;
import dev.awo.github.GhCli;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.github.IssueSource;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcConfiguredRepositoryRepository;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import dev.awo.testkit.ScriptedPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(OutputCaptureExtension.class)
class AwoAutoConfigurationTest {

  @Test
  void withoutADataSourceTheOrchestratorRunsOnClaudeGitAndMemoryAndWarnsOnce(CapturedOutput output) {
    TestContexts.awo().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(WorkflowOrchestrator.class)
          .hasSingleBean(ClaudeCodeExecutor.class).hasSingleBean(GitSandboxFactory.class)
          .hasSingleBean(InMemoryStepHistoryRepository.class).hasSingleBean(InMemoryWorkOrderRepository.class)
          .hasSingleBean(InMemoryConfiguredRepositories.class)
          .doesNotHaveBean(GhCli.class).doesNotHaveBean(AwoSchemaInitializer.class);
      assertThat(context.getBean(WorkflowOrchestrator.class).workflowNames()).containsExactly("default");
    });
    String log = output.getAll();
    assertThat(log.split("awo_store_in_memory", -1)).hasSize(2);
  }

  @Test
  void githubIsWiredInByDefault() {
    TestContexts.awo().withPropertyValues("awo.github.enabled=true").run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(GhCli.class));
  }

  @Test
  void withADataSourceAndFlywayTheJdbcStoreIsUsedAndMigratedWithItsOwnHistoryTable(CapturedOutput output) {
    withH2("flyway").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(JdbcStepHistoryRepository.class)
          .hasSingleBean(JdbcWorkOrderRepository.class).doesNotHaveBean(InMemoryWorkOrderRepository.class)
          .hasSingleBean(JdbcConfiguredRepositoryRepository.class).doesNotHaveBean(InMemoryConfiguredRepositories.class);
      assertThat(context.getBean(AwoSchemaInitializer.class).method()).isEqualTo("flyway");
      assertThat(context.getBean(JdbcConfiguredRepositoryRepository.class).list()).isEmpty();
      JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"awo_schema_history\" WHERE \"success\"", Integer.class))
          .isPositive();
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM awo_work_orders", Integer.class)).isZero();
    });
    assertThat(output.getAll()).doesNotContain("awo_store_in_memory");
  }

  @Test
  void withADataSourceButNoFlywayTheSchemaIsCreatedByJdbcSchema() {
    withH2("plain").withClassLoader(new FilteredClassLoader(Flyway.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(JdbcWorkOrderRepository.class);
      assertThat(context.getBean(AwoSchemaInitializer.class).method()).isEqualTo("jdbc_schema");
      assertThat(context.getBean(JdbcConfiguredRepositoryRepository.class).list()).isEmpty();
      JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM awo_step_results", Integer.class)).isZero();
    });
  }

  @Test
  void theSchemaIsLeftAloneWhenAskedTo() {
    withH2("none").withPropertyValues("awo.store.initialize-schema=false").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(AwoSchemaInitializer.class).method()).isEqualTo("none");
    });
  }

  @Test
  void applicationRepositoriesWinOverTheJdbcStore() {
    withH2("own").withUserConfiguration(OwnRepositories.class).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(JdbcStepHistoryRepository.class)
          .doesNotHaveBean(JdbcWorkOrderRepository.class);
      assertThat(context.getBean(StepHistoryRepository.class)).isSameAs(OwnRepositories.HISTORIES);
      assertThat(context.getBean(WorkOrderRepository.class)).isSameAs(OwnRepositories.WORK_ORDERS);
    });
  }

  @Test
  void applicationPortsAndOrchestratorWin() {
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(ClaudeCodeExecutor.class)
          .doesNotHaveBean(GitSandboxFactory.class);
    });
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class, OwnOrchestrator.class)
        .run(context -> assertThat(context).hasNotFailed().getBean(WorkflowOrchestrator.class)
            .isSameAs(context.getBean(OwnOrchestrator.class).built));
  }

  @Test
  void anApplicationGitHubPortReplacesGhForThatPortOnly() {
    AtomicInteger verified = new AtomicInteger();
    TestContexts.awo().withPropertyValues("awo.github.enabled=true")
        .withUserConfiguration(ScriptedPorts.class)
        .withBean(RepositoryVerifier.class, () -> url -> {
          verified.incrementAndGet();
          return new RepositoryInfo("acme", "widgets", "main", url);
        })
        // the run ends completed only when a pull request exists (issue 12): the application's opener
        // stands in for GitHub, since the gh of this machine is not logged in
        .withBean(PullRequestOpener.class, () -> spec -> new PullRequest(1, "https://github.com/acme/widgets/pull/1", false))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(AwoAutoConfiguration.preferApplication(context.getBeanProvider(RepositoryVerifier.class)))
              .get().isNotInstanceOf(GhCli.class);
          assertThat(AwoAutoConfiguration.preferApplication(context.getBeanProvider(IssueSource.class)))
              .get().isInstanceOf(GhCli.class);
          WorkOrder order = context.getBean(WorkflowOrchestrator.class).run(TestContexts.request("Add a flag"));
          assertThat(order.status()).isEqualTo(WorkOrderStatus.COMPLETED);
        });
    assertThat(verified).hasValue(1);
  }

  @Test
  void everyListenerBeanHearsTheRunAndTheWorkflowsOfTheLocationsAreLoaded() {
    List<String> heard = new CopyOnWriteArrayList<>();
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .withPropertyValues("awo.workflows.locations=classpath:awo/workflows/")
        .withBean("first", WorkOrderListener.class, () -> new Recording("first", heard))
        .withBean("second", WorkOrderListener.class, () -> new Recording("second", heard))
        .run(context -> {
          WorkflowOrchestrator orchestrator = context.getBean(WorkflowOrchestrator.class);
          assertThat(orchestrator.workflowNames()).containsExactlyInAnyOrder("default", "short");
          WorkOrder order = orchestrator.run(TestContexts.request("Add a --verbose flag"));
          assertThat(order.status()).isEqualTo(WorkOrderStatus.COMPLETED);
          assertThat(orchestrator.stepHistory(order.id()).size()).isEqualTo(7);
        });
    assertThat(heard.stream().filter(h -> h.startsWith("first:")).count()).isEqualTo(7);
    assertThat(heard.stream().filter(h -> h.startsWith("second:")).count()).isEqualTo(7);
  }

  @Test
  void workflowsAreReadFromAFileDirectoryAndADuplicateNameStopsTheStart(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("src/test/resources/awo/workflows/short.json"), dir.resolve("short.json"));
    String location = "awo.workflows.locations=" + dir.toUri();
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class).withPropertyValues(location)
        .run(context -> assertThat(context.getBean(WorkflowOrchestrator.class).workflowNames()).contains("short"));
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .withPropertyValues(location + ",classpath:awo/workflows/")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("workflow 'short' is defined twice"));
  }

  @Test
  void templatesOfTheTemplatesDirectoryOverrideTheBuiltInOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("classifier.md"), "Our own classifier for: $ARGUMENTS");
    TestContexts.awo().withPropertyValues("awo.agent.templates-directory=" + dir).run(context -> {
      dev.awo.spi.template.CommandTemplates templates = context.getBean(dev.awo.spi.template.CommandTemplates.class);
      assertThat(templates.load("classifier").text()).isEqualTo("Our own classifier for: $ARGUMENTS");
      assertThat(templates.contains("planner_feature")).isTrue();
    });
  }

  @Test
  void anExecutorNamedAwoExecutorRunsTheWorkOrders() {
    AtomicInteger executed = new AtomicInteger();
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .withBean(AwoAutoConfiguration.EXECUTOR_BEAN, Executor.class, () -> task -> {
          executed.incrementAndGet();
          task.run();
        })
        .run(context -> {
          WorkflowOrchestrator orchestrator = context.getBean(WorkflowOrchestrator.class);
          var id = orchestrator.submit(TestContexts.request("Add a flag"));
          assertThat(orchestrator.workOrder(id)).get().extracting(WorkOrder::status)
              .isEqualTo(WorkOrderStatus.COMPLETED);
        });
    assertThat(executed).hasPositiveValue();
  }

  @Test
  void propertiesAreBoundWithRelaxedNames() {
    TestContexts.awo().withPropertyValues("awo.agent.cli-path=/opt/claude/bin/claude", "awo.agent.model=opus",
            "awo.agent.stepTimeout=5m", "awo.agent.skip-permissions=false",
            "awo.sandbox.base-directory=/var/tmp/awo-test-sandboxes", "awo.sandbox.type=git-worktree",
            "awo.sandbox.retention=keep", "awo.save-retry.max-attempts=6", "awo.save-retry.failure-policy=fail-work-order",
            "awo.executor.max-concurrent-work-orders=2")
        .withInitializer(context -> context.getEnvironment().getPropertySources().replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("AWO_AGENT_MAXTURNS", "12"))))
        .run(context -> {
          assertThat(context).hasNotFailed();
          ClaudeCodeConfig claude = context.getBean(ClaudeCodeConfig.class);
          assertThat(claude.cliPath()).isEqualTo("/opt/claude/bin/claude");
          assertThat(claude.model()).isEqualTo("opus");
          assertThat(claude.maxTurns()).contains(12);
          assertThat(claude.timeout()).isEqualTo(Duration.ofMinutes(5));
          assertThat(claude.skipPermissions()).isFalse();
          AwoProperties properties = context.getBean(AwoProperties.class);
          assertThat(properties.sandbox().sandboxType().wireName()).isEqualTo("git_worktree");
          assertThat(properties.saveRetry().maxAttempts()).isEqualTo(6);
          assertThat(context.getBean(GitSandboxFactory.class).baseDirectory())
              .isEqualTo(Path.of("/var/tmp/awo-test-sandboxes"));
        });
  }

  @Test
  void theAgentGetsOnlyTheNamedVariablesAndTheApiKeyFromTheEnvironment() {
    AwoProperties.Agent agent = new AwoProperties.Agent("claude", "sonnet", null, Duration.ofMinutes(1), true,
        "MY_KEY", List.of("HTTPS_PROXY", "NOT_SET"), null);
    Map<String, String> env = Map.of("MY_KEY", "sk-ant-secret", "HTTPS_PROXY", "http://proxy:3128", "OTHER", "x");
    ClaudeCodeConfig config = ClaudeConfigs.from(agent, env::get);
    assertThat(config.apiKey()).contains("sk-ant-secret");
    assertThat(config.extraEnvironment()).containsExactly(Map.entry("HTTPS_PROXY", "http://proxy:3128"));
    assertThat(config.toString()).doesNotContain("sk-ant-secret");
  }

  @Test
  void theGhTokenComesFromTheFirstSetVariable() {
    AwoProperties.GitHub github = new AwoProperties.GitHub(true, "gh", null, List.of("AWO_GH", "GH_TOKEN"),
        Duration.ofSeconds(30));
    assertThat(GhConfigs.from(github, Map.of("GH_TOKEN", "ghp_second")::get).token()).contains("ghp_second");
    assertThat(GhConfigs.from(github, Map.of("GH_TOKEN", "ghp_second")::get).toString()).doesNotContain("ghp_second");
    assertThat(GhConfigs.from(github, Map.of("AWO_GH", "ghp_first", "GH_TOKEN", "x")::get).token())
        .contains("ghp_first");
    assertThat(GhConfigs.from(github, Map.<String, String>of()::get).token()).isEmpty();
  }

  @Test
  void recoveryRunsOnStartUnlessSwitchedOff() {
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .withPropertyValues("awo.recovery.enabled=true")
        .run(context -> assertThat(context.getBean(AwoRecovery.class).isRunning()).isTrue());
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class)
        .run(context -> assertThat(context).doesNotHaveBean(AwoRecovery.class));
  }

  private static org.springframework.boot.test.context.runner.ApplicationContextRunner withH2(String name) {
    return TestContexts.awo().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
            "spring.datasource.username=sa");
  }

  private record Recording(String name, List<String> heard) implements WorkOrderListener {
    @Override
    public void onHistorySaved(WorkOrderEvent.HistorySaved saved) {
      heard.add(name + ":" + saved.result().step());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRepositories {
    static final StepHistoryRepository HISTORIES = new InMemoryStepHistoryRepository();
    static final WorkOrderRepository WORK_ORDERS = new InMemoryWorkOrderRepository();

    @Bean
    StepHistoryRepository histories() {
      return HISTORIES;
    }

    @Bean
    WorkOrderRepository workOrders() {
      return WORK_ORDERS;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnOrchestrator {
    WorkflowOrchestrator built;

    @Bean
    WorkflowOrchestrator ownOrchestrator(dev.awo.testkit.ScriptedAgent agent,
        dev.awo.testkit.InMemorySandboxFactory sandboxes) {
      built = WorkflowOrchestrator.builder().agentExecutor(agent).sandboxFactory(sandboxes).build();
      return built;
    }
  }
}
