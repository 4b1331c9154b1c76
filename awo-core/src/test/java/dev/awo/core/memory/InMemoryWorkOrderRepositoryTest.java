package dev.awo.core.memory;

import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.testkit.WorkOrderRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryWorkOrderRepository honours the WorkOrderRepository contract")
class InMemoryWorkOrderRepositoryTest extends WorkOrderRepositoryContract {
  @Override
  protected WorkOrderRepository createRepository() {
    return new InMemoryWorkOrderRepository();
  }
}
