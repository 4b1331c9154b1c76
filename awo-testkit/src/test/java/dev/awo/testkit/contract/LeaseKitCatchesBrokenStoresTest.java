package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The lease kit is only worth something if it fails for stores that break the contract: for every
 * kit test, a store that breaks just that rule, and the kit test that must catch it.
 */
@DisplayName("The lease contract kit catches every broken lease store")
class LeaseKitCatchesBrokenStoresTest {
  private static volatile Supplier<WorkOrderLeasesContract.Store> stores;

  /** The lease kit against {@link #stores}; run only through the launcher below. */
  @Disabled("run only through the launcher by the tests around it")
  static class LeaseKit extends WorkOrderLeasesContract {
    @Override
    protected Store createRepository() {
      return stores.get();
    }
  }

  static Stream<Arguments> brokenStores() {
    return Stream.of(
        Arguments.of("grants half the timeout", (Supplier<?>) BrokenLeases::grantingHalfTheTimeout, "claimNeverClaimed"),
        Arguments.of("ignores the expected version", (Supplier<?>) BrokenLeases::ignoringTheExpectedVersion,
            "claimNeedsTheStoredVersion"),
        Arguments.of("claims held leases and terminal work orders", (Supplier<?>) BrokenLeases::claimingHeldLeases,
            "heldTerminalAndUnknownRefused"),
        Arguments.of("checks then claims without a lock", (Supplier<?>) BrokenLeases::checkingThenClaimingWithoutALock,
            "claimsAreExclusiveUnderContention"),
        Arguments.of("judges expiry on its own clock", (Supplier<?>) BrokenLeases::usingItsOwnClock,
            "leasesExpireUnderTheInjectedClock"),
        Arguments.of("renews from the old expiry", (Supplier<?>) BrokenLeases::renewingFromTheOldExpiry, "renewExtends"),
        Arguments.of("releases lost leases", (Supplier<?>) BrokenLeases::releasingLostLeases, "releaseFreesAtOnce"),
        Arguments.of("fences nothing", (Supplier<?>) BrokenLeases::fencingNothing, "staleOwnerWritesRefused"),
        Arguments.of("checks the lease before taking the claims' lock",
            (Supplier<?>) BrokenLeases::checkingTheLeaseBeforeTheLock, "fencedSaveRacingAClaim"));
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "a lease store that {0} fails the kit''s {2}")
  @MethodSource("brokenStores")
  void kitCatches(String how, Supplier<?> store, String kitTest) {
    stores = (Supplier<WorkOrderLeasesContract.Store>) store;
    Map<String, String> failures = run().failures;
    assertTrue(failures.containsKey(kitTest),
        "the kit's " + kitTest + " passed a store that " + how + "; failed instead: " + failures.keySet());
    failures.forEach((test, message) -> assertTrue(message.length() <= 1_000,
        test + " printed a failure message of " + message.length() + " characters"));
  }

  @Test
  @DisplayName("the correct model passes the kit, one broken store per kit test")
  void correctStorePasses() {
    stores = () -> new BrokenLeases.Correct().store();
    KitRun run = run();
    assertEquals(Map.of(), run.failures, "lease kit failures");
    assertEquals(brokenStores().map(a -> a.get()[2]).distinct().count(), run.tests.get(),
        "lease kit tests run: one broken store per kit test");
  }

  private record KitRun(Map<String, String> failures, AtomicInteger tests) {}

  private static KitRun run() {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(LeaseKit.class))
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition").build();
    KitRun run = new KitRun(new TreeMap<>(), new AtomicInteger());
    LauncherFactory.create().execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() || !(test.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.MethodSource method)) {
          return;
        }
        run.tests.incrementAndGet();
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          synchronized (run.failures) {
            run.failures.put(method.getMethodName(), result.getThrowable().map(String::valueOf).orElse("(no exception)"));
          }
        }
      }
    });
    return run;
  }
}
