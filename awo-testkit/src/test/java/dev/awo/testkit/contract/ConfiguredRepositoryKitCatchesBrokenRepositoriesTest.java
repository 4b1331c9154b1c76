package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The configured-repository kit fails for a repository that breaks one of its rules. */
@DisplayName("The configured-repository kit catches broken repositories")
class ConfiguredRepositoryKitCatchesBrokenRepositoriesTest {

  /** A map in insertion order; each flag breaks one rule. */
  private static final class Broken implements ConfiguredRepositoryRepository {
    private final Map<String, ConfiguredRepository> byId = new LinkedHashMap<>();
    boolean allowDuplicates;
    boolean insertionOrder;
    boolean milliseconds;

    @Override
    public synchronized void save(ConfiguredRepository r) {
      Optional<ConfiguredRepository> same = findByUrl(r.repositoryUrl());
      if (!allowDuplicates && same.isPresent() && !same.get().id().equals(r.id())) {
        throw new DuplicateRepositoryException(r.repositoryUrl(), same.get().id());
      }
      byId.put(r.id(), milliseconds ? new ConfiguredRepository(r.id(), r.repositoryUrl(), r.displayName(), r.owner(),
          r.name(), r.defaultBranch(), r.defaultSandboxType(), r.defaultWorkflow(),
          r.createdAt().truncatedTo(ChronoUnit.MILLIS), r.verifiedAt().truncatedTo(ChronoUnit.MILLIS)) : r);
    }

    @Override
    public synchronized Optional<ConfiguredRepository> find(String id) {
      return Optional.ofNullable(byId.get(java.util.Objects.requireNonNull(id)));
    }

    @Override
    public synchronized Optional<ConfiguredRepository> findByUrl(String url) {
      java.util.Objects.requireNonNull(url);
      return byId.values().stream().filter(r -> r.repositoryUrl().equals(url)).findFirst();
    }

    @Override
    public synchronized List<ConfiguredRepository> list() {
      List<ConfiguredRepository> all = new ArrayList<>(byId.values());
      if (!insertionOrder) {
        all.sort(java.util.Comparator.comparing(ConfiguredRepository::createdAt).thenComparing(ConfiguredRepository::id));
      }
      return all;
    }

    @Override
    public synchronized boolean delete(String id) {
      return byId.remove(java.util.Objects.requireNonNull(id)) != null;
    }
  }

  private static void caught(Supplier<ConfiguredRepositoryRepository> broken, Consumer<ConfiguredRepositoryRepositoryContract> rule) {
    ConfiguredRepositoryRepositoryContract kit = new ConfiguredRepositoryRepositoryContract() {
      @Override
      protected ConfiguredRepositoryRepository createRepository() {
        return broken.get();
      }
    };
    kit.repository = broken.get();
    assertThrows(AssertionFailedError.class, () -> rule.accept(kit));
  }

  @Test
  void aRepositoryAcceptingADuplicateUrlFails() {
    caught(() -> {
      Broken b = new Broken();
      b.allowDuplicates = true;
      return b;
    }, ConfiguredRepositoryRepositoryContract::duplicateUrlIsRefused);
  }

  @Test
  void aRepositoryListingInInsertionOrderFails() {
    caught(() -> {
      Broken b = new Broken();
      b.insertionOrder = true;
      return b;
    }, ConfiguredRepositoryRepositoryContract::listIsOldestFirst);
  }

  @Test
  void aRepositoryKeepingMillisecondsFails() {
    caught(() -> {
      Broken b = new Broken();
      b.milliseconds = true;
      return b;
    }, ConfiguredRepositoryRepositoryContract::roundTrip);
  }

  @Test
  void theCorrectReferencePassesEveryRule() {
    ConfiguredRepositoryRepositoryContract kit = new ConfiguredRepositoryRepositoryContract() {
      @Override
      protected ConfiguredRepositoryRepository createRepository() {
        return new Broken();
      }
    };
    for (Consumer<ConfiguredRepositoryRepositoryContract> rule : List.<Consumer<ConfiguredRepositoryRepositoryContract>>of(
        ConfiguredRepositoryRepositoryContract::roundTrip, ConfiguredRepositoryRepositoryContract::unknownIsEmpty,
        ConfiguredRepositoryRepositoryContract::saveReplaces, ConfiguredRepositoryRepositoryContract::duplicateUrlIsRefused,
        ConfiguredRepositoryRepositoryContract::listIsOldestFirst, ConfiguredRepositoryRepositoryContract::deleteRemoves,
        ConfiguredRepositoryRepositoryContract::nullsAreRefused)) {
      kit.repository = new Broken();
      rule.accept(kit);
    }
  }
}
