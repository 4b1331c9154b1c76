package dev.awo.core.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.testkit.StepHistoryRepositoryContract;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/** The kit is only worth something if it fails for repositories that break the contract. */
@DisplayName("The contract kit fails for broken repositories")
class ContractKitCatchesBrokenRepositoriesTest {

  /** Regresses: stores whatever it is given last. */
  public static final class RegressingRepository implements StepHistoryRepository {
    private final Map<WorkOrderId, StepHistory> map = new ConcurrentHashMap<>();
    @Override public void save(StepHistory s) { map.put(s.workOrderId(), s); }
    @Override public Optional<StepHistory> find(WorkOrderId id) { return Optional.ofNullable(map.get(id)); }
  }

  /** Kit run against the regressing repository; excluded from normal discovery by its name. */
  @org.junit.jupiter.api.Disabled("run only through the launcher by the test below")
  static class RegressingRepositoryKit extends StepHistoryRepositoryContract {
    @Override
    protected StepHistoryRepository createRepository() {
      return new RegressingRepository();
    }
  }

  @Test
  @DisplayName("a repository that lets a lower version overwrite a higher one fails the kit")
  void regressingRepositoryFails() {
    var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(RegressingRepositoryKit.class))
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition").build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    assertFalse(listener.getSummary().getFailures().isEmpty(), "the kit passed a repository that regresses");
  }
}
