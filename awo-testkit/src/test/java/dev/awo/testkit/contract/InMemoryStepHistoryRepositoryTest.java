package dev.awo.testkit.contract;

import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.testkit.contract.StepHistoryRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryStepHistoryRepository honours the StepHistoryRepository contract")
class InMemoryStepHistoryRepositoryTest extends StepHistoryRepositoryContract {
  @Override
  protected StepHistoryRepository createRepository() {
    return new InMemoryStepHistoryRepository();
  }
}
