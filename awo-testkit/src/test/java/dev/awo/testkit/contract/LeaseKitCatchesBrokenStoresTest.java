package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    KitRun.of(LeaseKit.class).assertCaught(kitTest, how);
  }

  @Test
  @DisplayName("the correct model passes the kit, one broken store per kit test")
  void correctStorePasses() {
    stores = () -> new BrokenLeases.Correct().store();
    KitRun run = KitRun.of(LeaseKit.class);
    assertEquals(Map.of(), run.failures(), "lease kit failures");
    assertEquals(brokenStores().map(a -> a.get()[2]).distinct().count(), run.tests().get(),
        "lease kit tests run: one broken store per kit test");
  }
}
