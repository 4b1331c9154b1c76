package dev.awo.spring.boot.readme;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's Spring Boot quick start, verbatim between the markers ({@link ReadmeQuickStartTest} checks it). */
// README-BEGIN boot:listener
@Configuration
public class AwoQuickStart {
  private static final Logger LOG = LoggerFactory.getLogger(AwoQuickStart.class);

  @Bean
  WorkOrderListener progressLog() {              // every WorkOrderListener bean hears every run
    return new WorkOrderListener() {
      @Override
      public void onHistorySaved(WorkOrderEvent.HistorySaved saved) {
        LOG.info("{} saved {} as version {}", saved.workOrderId(), saved.result().step(), saved.snapshot().version());
      }
    };
  }

  @Bean
  ApplicationRunner firstWorkOrder(WorkflowOrchestrator orchestrator) {
    return args -> LOG.info("submitted {}", orchestrator.submit(
        WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a --verbose flag").build()));
  }
}
// README-END
