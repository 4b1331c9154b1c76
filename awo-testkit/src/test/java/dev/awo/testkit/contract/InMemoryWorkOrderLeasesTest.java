package dev.awo.testkit.contract;

import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory repositories honour the WorkOrderLeases contract")
class InMemoryWorkOrderLeasesTest extends WorkOrderLeasesContract {
  @Override
  protected Store createRepository() {
    InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
    return Store.of(workOrders, new InMemoryStepHistoryRepository(workOrders));
  }
}
