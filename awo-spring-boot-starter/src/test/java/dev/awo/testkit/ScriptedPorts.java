package dev.awo.testkit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-only: a {@link ScriptedAgent} for the default workflow working in {@link
 * InMemorySandboxFactory} sandboxes, linked as {@link WorkflowTestEnvironment} links them (the link
 * is package-private in awo-testkit, hence this package).
 */
@Configuration(proxyBeanMethods = false)
public class ScriptedPorts {
  /** Links {@code agent} to {@code sandboxes}, so that its branch step can check out a branch. */
  public static ScriptedAgent linked(ScriptedAgent agent, InMemorySandboxFactory sandboxes) {
    agent.useSandboxes(sandboxes);
    return agent;
  }

  @Bean
  InMemorySandboxFactory sandboxes() {
    return InMemorySandboxFactory.inTemporaryDirectory();
  }

  @Bean
  ScriptedAgent agent(InMemorySandboxFactory sandboxes) {
    return linked(ScriptedAgent.forDefaultWorkflow().build(), sandboxes);
  }
}
