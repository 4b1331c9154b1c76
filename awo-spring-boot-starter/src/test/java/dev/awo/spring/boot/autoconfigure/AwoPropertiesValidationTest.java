package dev.awo.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwoPropertiesValidationTest {

  @ParameterizedTest(name = "{0}={1} is refused: {2}")
  @CsvSource(delimiter = '|', value = {
      "awo.agent.max-turns            | 0          | awo.agent.max-turns must be positive, got 0",
      "awo.agent.step-timeout         | 0s         | awo.agent.step-timeout must be a positive duration",
      "awo.agent.cli-path             | --evil     | awo.agent.cli-path must name the claude program",
      "awo.agent.environment-pass-through | HTTPS PROXY | awo.agent.environment-pass-through must list environment variable names, got 'HTTPS PROXY'",
      "awo.agent.templates-directory  | /no/such/templates | awo.agent.templates-directory must be an existing directory, got '/no/such/templates'",
      "awo.sandbox.type               | docker     | awo.sandbox.type must be git_branch or git_worktree, got 'docker'",
      "awo.sandbox.retention          | forever    | awo.sandbox.retention must be clean_up or keep, got 'forever'",
      "awo.sandbox.base-directory     | relative/dir | awo.sandbox.base-directory must be an absolute directory",
      "awo.sandbox.warm-worktrees     | -1         | awo.sandbox.warm-worktrees must be between 0 and 64, got -1",
      "awo.save-retry.max-delay       | 10ms       | awo.save-retry.max-delay must not be shorter than awo.save-retry.initial-delay (PT0.1S), got PT0.01S",
      "awo.save-retry.failure-policy  | retry      | awo.save-retry.failure-policy must be continue or fail_work_order, got 'retry'",
      "awo.executor.max-parallel-nodes | 0         | awo.executor.max-parallel-nodes must be between 1 and 256, got 0",
      "awo.github.token-variables     | gh-token   | awo.github.token-variables must list environment variable names, got 'gh-token'"})
  void aBadValueStopsTheStartWithAMessageNamingTheProperty(String property, String value, String message) {
    TestContexts.awo().withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      assertThat(failure).hasRootCauseInstanceOf(IllegalArgumentException.class).rootCause().hasMessageContaining(message);
      assertThat(messages(failure)).contains("Failed to bind properties under 'awo.");
    });
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "classpath:awo/nothing-here/ | matches no workflow file (a directory must exist and end with",
      "classpath:awo/broken/       | is not a valid workflow"})
  void aBadWorkflowLocationStopsTheStart(String location, String message) {
    TestContexts.awo().withPropertyValues("awo.workflows.locations=" + location).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isNotNull();
      assertThat(messages(context.getStartupFailure())).contains(message);
    });
  }

  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }
}
