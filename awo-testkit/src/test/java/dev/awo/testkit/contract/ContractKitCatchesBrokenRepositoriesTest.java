package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A kit is only worth something if it fails for repositories that break the contract: for every rule
 * of both kits, a repository that breaks just that rule, the way real stores do, and the kit test
 * that must catch it. Every failure message stays short.
 */
@DisplayName("The contract kits catch every broken repository")
class ContractKitCatchesBrokenRepositoriesTest {
  private static volatile Supplier<StepHistoryRepository> histories;
  private static volatile Supplier<WorkOrderRepository> workOrders;

  /** The step-history kit against {@link #histories}; run only through the launcher below. */
  @Disabled("run only through the launcher by the tests around it")
  static class StepHistoryKit extends StepHistoryRepositoryContract {
    @Override
    protected StepHistoryRepository createRepository() {
      return histories.get();
    }

    @Override
    protected void closeRepository(StepHistoryRepository repository) throws Exception {
      if (repository instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** The work-order kit against {@link #workOrders}; run only through the launcher below. */
  @Disabled("run only through the launcher by the tests around it")
  static class WorkOrderKit extends WorkOrderRepositoryContract {
    @Override
    protected WorkOrderRepository createRepository() {
      return workOrders.get();
    }

    @Override
    protected void closeRepository(WorkOrderRepository repository) throws Exception {
      if (repository instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  static Stream<Arguments> brokenStepHistoryRepositories() {
    return Stream.of(
        broken("returns an empty history for an unknown id", BrokenStepHistories::emptyHistoryForUnknownIds, "unknownIdIsEmpty"),
        broken("drops session ids", BrokenStepHistories::droppingSessionIds, "roundTrip"),
        broken("drops head commits and interrupted outcomes", BrokenStepHistories::droppingHeadCommitsAndInterruptions,
            "interruptedAndHeadCommit"),
        broken("ignores empty snapshots", BrokenStepHistories::ignoringEmptySnapshots, "emptySnapshot"),
        broken("returns another work order's results", BrokenStepHistories::mixingWorkOrders, "ownResultsOnly"),
        broken("cuts text to 255 characters", BrokenStepHistories::cuttingTextTo255, "largeOutputs"),
        broken("drops astral characters (3-byte utf8)", BrokenStepHistories::droppingAstralCharacters, "nonAsciiText"),
        broken("keeps times to the millisecond", BrokenStepHistories::keepingMilliseconds, "timeToTheNanosecond"),
        broken("stores null text as empty text", BrokenStepHistories::storingNullAsEmptyText, "nullsStayNull"),
        broken("appends whole snapshots", BrokenStepHistories::appendingWholeSnapshots, "saveReplacesNotAppends"),
        broken("returns an earlier version's results (a stale cache)", BrokenStepHistories::cachingFirstRead, "readsFollowSaves"),
        broken("accepts only the next version", BrokenStepHistories::acceptingOnlyTheNextVersion, "lostSaveHeals"),
        broken("lets a lower version overwrite a higher one", BrokenStepHistories::regressing, "lowerVersionIgnored"),
        broken("refuses to save the same version twice", BrokenStepHistories::refusingTheSameVersion, "sameVersionTwice"),
        broken("acknowledges a save before it is stored", BrokenStepHistories.AcknowledgingEarly::new, "saveVisibleToOtherThreads"),
        broken("reads from a replica one save behind", BrokenStepHistories::readingFromALaggingReplica,
            "readersSeeMonotonicSavedSnapshots"),
        broken("loses concurrent updates", BrokenStepHistories::losingConcurrentUpdates, "concurrentSavesOfDifferentWorkOrders"),
        broken("checks the version and writes without a lock", BrokenStepHistories::checkingThenWritingWithoutALock,
            "concurrentSavesOfSameWorkOrderKeepHighest"),
        broken("accepts null arguments", BrokenStepHistories::acceptingNulls, "nullArgumentsRefused"));
  }

  static Stream<Arguments> brokenWorkOrderRepositories() {
    return Stream.of(
        broken("throws for an unknown id", BrokenWorkOrders::throwingForUnknownIds, "unknownIdIsEmpty"),
        broken("drops pull request URLs", BrokenWorkOrders::droppingPullRequestUrls, "roundTripEveryField"),
        broken("drops the request's budget", BrokenWorkOrders::droppingBudgets, "roundTripEveryField"),
        broken("refuses every create as taken", BrokenWorkOrders::refusingEveryCreate, "createStores"),
        broken("creates with an upsert", BrokenWorkOrders::creatingByReplacing, "createNeverReplaces"),
        broken("creates by a look-up, then a save, without a lock", BrokenWorkOrders::creatingWithoutALock,
            "createUnderContention"),
        broken("creates without checking idempotency keys", BrokenWorkOrders::creatingWithoutKeyChecks,
            "createRefusesAHeldKey"),
        broken("stores null text as empty text", BrokenWorkOrders::storingNullAsEmptyText, "roundTripMinimal"),
        broken("drops astral characters (3-byte utf8)", BrokenWorkOrders::droppingAstralCharacters, "longAndNonAsciiText"),
        broken("cuts text to 64 KiB", BrokenWorkOrders::cuttingTextTo64KiB, "longAndNonAsciiText"),
        broken("keeps times to the millisecond", BrokenWorkOrders::keepingMilliseconds, "timeToTheNanosecond"),
        broken("keys work orders by repository URL", BrokenWorkOrders::keyingByRepository, "ownWorkOrderOnly"),
        broken("inserts a row on every save", BrokenWorkOrders::insertingOnEverySave, "saveReplaces"),
        broken("lists in save order", BrokenWorkOrders::listingInSaveOrder, "listOldestFirst"),
        broken("filters by the first status saved", BrokenWorkOrders::filteringByTheFirstStatus, "listByStatus"),
        broken("acknowledges a save before it is stored", BrokenWorkOrders.AcknowledgingEarly::new, "visibleToOtherThreads"),
        broken("loses concurrent updates", BrokenWorkOrders::losingConcurrentUpdates, "concurrentSaves"),
        broken("lets a second work order take an idempotency key", BrokenWorkOrders::ignoringIdempotencyKeys,
            "duplicateKeyRefused"),
        broken("checks idempotency keys without a lock", BrokenWorkOrders::checkingKeysWithoutALock,
            "duplicateKeyRefusedUnderContention"),
        broken("accepts null arguments", BrokenWorkOrders::acceptingNulls, "nullArgumentsRefused"));
  }

  private static <R> Arguments broken(String how, Supplier<R> repository, String kitTest) {
    return Arguments.of(how, repository, kitTest);
  }

  @ParameterizedTest(name = "a step-history repository that {0} fails the kit''s {2}")
  @MethodSource("brokenStepHistoryRepositories")
  void stepHistoryKitCatches(String how, Supplier<StepHistoryRepository> repository, String kitTest) {
    histories = repository;
    assertCaught(run(StepHistoryKit.class), kitTest, how);
  }

  @ParameterizedTest(name = "a work-order repository that {0} fails the kit''s {2}")
  @MethodSource("brokenWorkOrderRepositories")
  void workOrderKitCatches(String how, Supplier<WorkOrderRepository> repository, String kitTest) {
    workOrders = repository;
    assertCaught(run(WorkOrderKit.class), kitTest, how);
  }

  @Test
  @DisplayName("the in-memory repositories pass both kits, every kit test having run")
  void correctRepositoriesPass() {
    histories = InMemoryStepHistoryRepository::new;
    workOrders = InMemoryWorkOrderRepository::new;
    KitRun stepHistoryRun = run(StepHistoryKit.class);
    KitRun workOrderRun = run(WorkOrderKit.class);
    assertEquals(Map.of(), stepHistoryRun.failures(), "step-history kit failures");
    assertEquals(Map.of(), workOrderRun.failures(), "work-order kit failures");
    assertEquals(brokenStepHistoryRepositories().map(a -> a.get()[2]).distinct().count(), stepHistoryRun.tests().get(),
        "step-history kit tests run: one broken repository per kit test");
    assertEquals(brokenWorkOrderRepositories().map(a -> a.get()[2]).distinct().count(), workOrderRun.tests().get(),
        "work-order kit tests run: one broken repository per kit test");
  }

  private static void assertCaught(KitRun run, String kitTest, String how) {
    run.assertCaught(kitTest, how);
  }

  private static KitRun run(Class<?> kit) {
    return KitRun.of(kit);
  }
}
