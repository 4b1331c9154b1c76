package dev.awo.examples.http;

import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.testkit.contract.ConfiguredRepositoryRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConfiguredRepositories honours the ConfiguredRepositoryRepository contract")
class InMemoryConfiguredRepositoriesTest extends ConfiguredRepositoryRepositoryContract {
  @Override
  protected ConfiguredRepositoryRepository createRepository() {
    return new InMemoryConfiguredRepositories();
  }
}
