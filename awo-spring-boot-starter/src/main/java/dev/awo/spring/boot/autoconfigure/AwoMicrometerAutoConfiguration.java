package dev.awo.spring.boot.autoconfigure;

import dev.awo.micrometer.MicrometerWorkOrderListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records work orders and steps as Micrometer observations (metrics and traces) when the
 * application has an {@link ObservationRegistry} and a {@link MeterRegistry} (Spring Boot's
 * actuator/observation modules) and awo-micrometer is on the class path. The listener is a {@link
 * dev.awo.spi.event.WorkOrderListener} bean, so {@link AwoAutoConfiguration} registers it with the
 * orchestrator; it is closed when the context closes, after the orchestrator.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MicrometerWorkOrderListener.class, ObservationRegistry.class, MeterRegistry.class})
public class AwoMicrometerAutoConfiguration {
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBean({ObservationRegistry.class, MeterRegistry.class})
  public MicrometerWorkOrderListener awoMicrometerListener(
      ObservationRegistry observationRegistry, MeterRegistry meterRegistry) {
    return MicrometerWorkOrderListener.builder(observationRegistry, meterRegistry).build();
  }
}
