package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.store.jdbc.JdbcConfiguredRepositoryRepository;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Where work orders and step histories are kept: on the application's {@link DataSource} through
 * awo-store-jdbc when it has one, else in memory. Repository beans of the application win.
 */
final class AwoStoreConfiguration {
  private AwoStoreConfiguration() {}

  /** awo-store-jdbc on the application's DataSource, its schema created first. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(DataSource.class)
  static class Jdbc {
    @Bean
    @ConditionalOnMissingBean
    AwoSchemaInitializer awoSchemaInitializer(DataSource dataSource, AwoProperties properties, ResourceLoader loader) {
      AwoSchemaInitializer initializer =
          new AwoSchemaInitializer(dataSource, properties.store().initializeSchema(), loader.getClassLoader());
      initializer.initialize();
      return initializer;
    }

    @Bean
    @ConditionalOnMissingBean(StepHistoryRepository.class)
    JdbcStepHistoryRepository awoStepHistoryRepository(DataSource dataSource, AwoSchemaInitializer schema) {
      return new JdbcStepHistoryRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean(WorkOrderRepository.class)
    JdbcWorkOrderRepository awoWorkOrderRepository(DataSource dataSource, AwoSchemaInitializer schema) {
      return new JdbcWorkOrderRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean(ConfiguredRepositoryRepository.class)
    JdbcConfiguredRepositoryRepository awoConfiguredRepositoryRepository(DataSource dataSource,
        AwoSchemaInitializer schema) {
      return new JdbcConfiguredRepositoryRepository(dataSource);
    }
  }

  /** In memory, when neither the application nor {@link Jdbc} supplied repositories. */
  @Configuration(proxyBeanMethods = false)
  static class InMemory {
    @Bean
    @ConditionalOnMissingBean(StepHistoryRepository.class)
    InMemoryStepHistoryRepository awoInMemoryStepHistoryRepository() {
      return new InMemoryStepHistoryRepository();
    }

    @Bean
    @ConditionalOnMissingBean(WorkOrderRepository.class)
    InMemoryWorkOrderRepository awoInMemoryWorkOrderRepository() {
      return new InMemoryWorkOrderRepository();
    }

    @Bean
    @ConditionalOnMissingBean(ConfiguredRepositoryRepository.class)
    InMemoryConfiguredRepositories awoInMemoryConfiguredRepositories() {
      return new InMemoryConfiguredRepositories();
    }
  }

}
