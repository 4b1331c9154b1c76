package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.WorkOrderRequest;
import dev.awo.testkit.WorkflowTestEnvironment;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The runners and fixtures the auto-configuration tests share. */
final class TestContexts {
  private TestContexts() {}

  /** awo's auto-configurations only, GitHub off (tests never depend on this machine's gh login). */
  static ApplicationContextRunner awo() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AwoMicrometerAutoConfiguration.class, AwoAutoConfiguration.class,
            AwoActuatorAutoConfiguration.class))
        .withPropertyValues("awo.github.enabled=false", "awo.recovery.enabled=false");
  }

  static WorkOrderRequest request(String text) {
    return WorkOrderRequest.builder(WorkflowTestEnvironment.REPOSITORY_URL, text).build();
  }
}
