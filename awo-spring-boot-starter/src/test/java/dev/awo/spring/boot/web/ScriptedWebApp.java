package dev.awo.spring.boot.web;

import dev.awo.testkit.InMemorySandboxFactory;
import dev.awo.testkit.ScriptedAgent;
import dev.awo.testkit.ScriptedPorts;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application on the starter whose agent is scripted for the default workflow and whose sandboxes are in memory. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ScriptedWebApp {
  @Bean
  InMemorySandboxFactory sandboxes() {
    return InMemorySandboxFactory.inTemporaryDirectory();
  }

  @Bean
  ScriptedAgent agent(InMemorySandboxFactory sandboxes) {
    return ScriptedPorts.linked(ScriptedAgent.forDefaultWorkflow().build(), sandboxes);
  }
}
