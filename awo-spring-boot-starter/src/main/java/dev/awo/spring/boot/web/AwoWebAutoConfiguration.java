package dev.awo.spring.boot.web;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.github.GhCli;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.spring.boot.autoconfigure.AwoAutoConfiguration;
import dev.awo.spring.boot.autoconfigure.AwoProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The optional REST and SSE endpoints ({@link WorkOrderController}, {@link RepositoryController}) in a servlet web application
 * when {@code awo.web.enabled=true}. They are protected the way the application's own endpoints
 * are: by its Spring Security filter chain, if it has one — nothing here opens or closes access.
 */
@AutoConfiguration(before = AwoAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBooleanProperty(name = "awo.web.enabled")
public class AwoWebAutoConfiguration {
  /** The listener feeding the event streams; the orchestrator picks it up like any listener bean. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SseEventHub awoSseEventHub() {
    return new SseEventHub();
  }

  /**
   * The work-order routes; their log streams end when the context closes.
   *
   * @return the controller
   */
  @Bean
  @ConditionalOnMissingBean
  public WorkOrderController awoWorkOrderController(
      WorkflowOrchestrator orchestrator, SseEventHub hub, AwoProperties properties,
      ConfiguredRepositoryRepository configured, WorkOrderLogBuffer logs) {
    return new WorkOrderController(orchestrator, hub, properties.sandbox().sandboxType(), configured, logs,
        new SseLogStreams(orchestrator, logs, Duration.ofSeconds(SseEventHub.KEEP_ALIVE_SECONDS)));
  }

  /** The listener keeping each work order's log for {@code /logs}; the orchestrator picks it up like any listener bean. */
  @Bean
  @ConditionalOnMissingBean
  public WorkOrderLogBuffer awoWorkOrderLogBuffer() {
    return new WorkOrderLogBuffer();
  }

  /**
   * {@code POST /github/verify-repository} and {@code /repositories} on the application's {@link
   * RepositoryVerifier} bean if it has one, else on gh's ({@link GhCli}) — 503 when there is
   * neither — and on the {@link ConfiguredRepositoryRepository} bean (JDBC with a DataSource, else
   * in memory, unless the application supplies one).
   */
  @Bean
  @ConditionalOnMissingBean
  public RepositoryController awoRepositoryController(ObjectProvider<RepositoryVerifier> verifiers,
      ConfiguredRepositoryRepository configured, WorkflowOrchestrator orchestrator) {
    return new RepositoryController(AwoAutoConfiguration.preferApplication(verifiers).orElse(null), configured,
        orchestrator::workflowNames, Clock.systemUTC());
  }
}
