package dev.awo.testkit.contract;

import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.testkit.contract.WorkOrderRepositoryContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryWorkOrderRepository honours the WorkOrderRepository contract")
class InMemoryWorkOrderRepositoryTest extends WorkOrderRepositoryContract {
  @Override
  protected WorkOrderRepository createRepository() {
    return new InMemoryWorkOrderRepository();
  }
}
