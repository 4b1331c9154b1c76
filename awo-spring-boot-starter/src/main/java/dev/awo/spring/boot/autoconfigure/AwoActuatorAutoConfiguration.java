package dev.awo.spring.boot.autoconfigure;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.github.GhConfig;
import dev.awo.spi.agent.AgentExecutor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * awo's health indicator (bean {@code awoHealthIndicator}, shown as {@code awo}) when Spring Boot's
 * health module is present, and the {@code awo} actuator endpoint ({@link AwoEndpoint}) when the
 * actuator is; expose the endpoint with {@code management.endpoints.web.exposure.include=health,awo}.
 */
@AutoConfiguration(after = AwoAutoConfiguration.class)
@ConditionalOnBean(WorkflowOrchestrator.class)
public class AwoActuatorAutoConfiguration {

  /** The health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "awoHealthIndicator")
    AwoHealthIndicator awoHealthIndicator(WorkflowOrchestrator orchestrator, AgentExecutor agent,
        ObjectProvider<GhConfig> gh) {
      Clock clock = Clock.systemUTC();
      ProgramProbe claude = null;
      if (agent instanceof ClaudeCodeExecutor executor) {
        ClaudeCodeConfig config = executor.config();
        claude = new ProgramProbe(List.of(config.cliPath(), "--version"), Map.of(), clock);
      }
      GhConfig ghConfig = gh.getIfAvailable();
      ProgramProbe ghVersion = null;
      ProgramProbe ghAuth = null;
      if (ghConfig != null) {
        Map<String, String> env = new LinkedHashMap<>(ghConfig.environment());
        ghConfig.token().ifPresent(token -> env.put("GH_TOKEN", token));
        ghConfig.host().ifPresent(host -> env.put("GH_HOST", host));
        ghVersion = new ProgramProbe(List.of(ghConfig.ghPath(), "--version"), Map.of(), clock);
        ghAuth = new ProgramProbe(List.of(ghConfig.ghPath(), "auth", "status"), env, clock);
      }
      return new AwoHealthIndicator(orchestrator, claude, ghVersion, ghAuth);
    }
  }

  /** The {@code awo} endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class Endpoint {
    @Bean
    @ConditionalOnMissingBean
    AwoEndpoint awoEndpoint(WorkflowOrchestrator orchestrator) {
      return new AwoEndpoint(orchestrator);
    }
  }
}
