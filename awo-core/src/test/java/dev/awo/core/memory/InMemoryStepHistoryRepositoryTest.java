package dev.awo.core.memory;

import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.testkit.StepHistoryRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryStepHistoryRepository honours the StepHistoryRepository contract")
class InMemoryStepHistoryRepositoryTest extends StepHistoryRepositoryContract {
  @Override
  protected StepHistoryRepository createRepository() {
    return new InMemoryStepHistoryRepository();
  }
}
