package dev.awo.testkit.contract;

import static dev.awo.testkit.contract.KitAssertions.assertSameValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every {@link StepHistoryRepository} must honour, as an abstract JUnit 5 class: extend
 * it in your test sources and supply only {@link #createRepository()}. Each test gets a fresh
 * repository; ids are unique per test, so a shared database works too.
 *
 * <p><b>What the kit cannot check: durability.</b> Once {@code save} returns, the history must
 * survive a crash of the host process and of the database — that is awo's promise ("every step's
 * result is saved the moment the step ends"). A kit running in one process cannot kill it, so this
 * rule is the host's to keep: the database must acknowledge a commit only once it is on disk
 * (PostgreSQL's default {@code synchronous_commit=on}; embedded H2 only with {@code WRITE_DELAY=0};
 * no write-behind cache in front of the store). Stores shared by several orchestrators must also
 * pass {@link WorkOrderLeasesContract} (fenced saves).
 *
 * <pre>{@code
 * class MyStepHistoryRepositoryTest extends StepHistoryRepositoryContract {
 *   @Override protected StepHistoryRepository createRepository() { return new MyStepHistoryRepository(dataSource); }
 * }
 * }</pre>
 *
 * <p>The tests are grouped by theme: what is read back, how versions behave, what other threads see,
 * and which arguments are refused. Every rule here is one a repository can break; awo-testkit's own
 * tests keep a deliberately broken repository for each and check the kit catches it. Failure
 * messages name the first differing field and abbreviate values, so they stay short for megabyte
 * outputs. A store must also acknowledge a save only once a crash can no longer take it back (e.g.
 * H2 needs {@code WRITE_DELAY=0}); that a kit in one JVM cannot observe.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class StepHistoryRepositoryContract extends RepositoryContract<StepHistoryRepository> {
  private static final int WRITER_VERSIONS = 300;
  private static final int ONE_MIB = 1 << 20;
  private static final int SAME_ORDER_ROUNDS = 30;
  private static final int READS_AT_LEAST = 200;
  private static final int MAX_READ_ATTEMPTS = 1_000_000;

  /** Creates the kit; a subclass supplies only {@link #createRepository()}. */
  protected StepHistoryRepositoryContract() {}

  private StepHistory saveAndFind(StepHistory history) {
    repository.save(history);
    return repository.find(history.workOrderId()).orElseThrow(
        () -> new AssertionError("nothing was found for " + history.workOrderId() + " right after saving it"));
  }

  private static StepHistory historyOf(WorkOrderId id, StepResult... results) {
    return StepHistory.of(id, List.of(results));
  }

  /** What a save stores is what a read returns, exactly. */
  @Nested
  @DisplayName("what is read back")
  class ReadingBack {

    @Test
    @DisplayName("an id that was never saved gives an empty result, not an exception")
    void unknownIdIsEmpty() {
      assertEquals(Optional.empty(), repository.find(TestValues.newId()));
    }

    @Test
    @DisplayName("a saved snapshot is read back equal, every field of every result intact")
    void roundTrip() {
      StepHistory history = TestValues.history(TestValues.newId(), 7);
      assertSameValue(history, saveAndFind(history), "the history read back");
    }

    @Test
    @DisplayName("an empty snapshot (version 0) can be saved and read")
    void emptySnapshot() {
      StepHistory empty = StepHistory.empty(TestValues.newId());
      assertSameValue(empty, saveAndFind(empty), "the empty history read back");
    }

    @Test
    @DisplayName("a history is read back for its own work order only, never with another work order's results")
    void ownResultsOnly() {
      WorkOrderId a = TestValues.newId();
      WorkOrderId b = TestValues.newId();
      StepHistory historyA = TestValues.history(a, 3);
      StepHistory historyB = TestValues.history(b, 3);
      repository.save(historyA);
      repository.save(historyB);
      assertSameValue(historyA, repository.find(a).orElseThrow(), "the history of " + a);
      assertSameValue(historyB, repository.find(b).orElseThrow(), "the history of " + b);
    }

    @Test
    @DisplayName("a 1 MiB output and a long error message are read back whole, not cut to a column size")
    void largeOutputs() {
      WorkOrderId id = TestValues.newId();
      StepResult big = StepResult.builder("implement", TestValues.T0).succeeded(TestValues.longText(ONE_MIB)).build();
      StepResult failed = StepResult.builder("commit", TestValues.T0.plusSeconds(1))
          .failed(TestValues.longText(64 * 1024)).build();
      StepHistory history = historyOf(id, TestValues.result(id, 0), big, failed);
      assertSameValue(history, saveAndFind(history), "the history with large outputs read back");
    }

    @Test
    @DisplayName("non-ASCII text (accents, CJK, emoji and other astral characters) is read back exactly in every text field")
    void nonAsciiText() {
      WorkOrderId id = TestValues.newId();
      String text = TestValues.AWKWARD_TEXT;
      StepResult ok = StepResult.builder("classify", TestValues.T0).agentName("agent " + text).succeeded(text)
          .sessionId("session " + text).data(Map.of("kind " + text, "value " + text)).build();
      StepResult failed = StepResult.builder("plan", TestValues.T0.plusSeconds(1)).failed(text).build();
      StepHistory history = historyOf(id, ok, failed);
      assertSameValue(history, saveAndFind(history), "the history with non-ASCII text read back");
    }

    @Test
    @DisplayName("instants and durations are read back to the nanosecond, not rounded to milliseconds or microseconds")
    void timeToTheNanosecond() {
      WorkOrderId id = TestValues.newId();
      StepResult precise = StepResult.builder("classify", TestValues.T0.plusNanos(1))
          .succeeded("/feature").duration(Duration.ofSeconds(3, 999_999_999)).build();
      StepHistory history = historyOf(id, precise);
      assertSameValue(history, saveAndFind(history), "the history with nanosecond times read back");
    }

    @Test
    @DisplayName("an interrupted attempt and each step's head commit are read back as saved")
    void interruptedAndHeadCommit() {
      WorkOrderId id = TestValues.newId();
      StepResult done = StepResult.builder("implement", TestValues.T0).succeeded("done")
          .headCommit("0123456789abcdef0123456789abcdef01234567").build();
      StepResult interrupted = StepResult.builder("commit", TestValues.T0.plusSeconds(1)).attempt(1)
          .outcome(dev.awo.domain.StepOutcome.INTERRUPTED).errorMessage("interrupted: the orchestrator stopped").build();
      StepHistory history = historyOf(id, done, interrupted);
      assertSameValue(history, saveAndFind(history), "the history with an interrupted attempt read back");
    }

    @Test
    @DisplayName("optional fields left empty are read back as null, not as empty text, zero or defaults")
    void nullsStayNull() {
      WorkOrderId id = TestValues.newId();
      StepResult bare = StepResult.builder("find_plan", TestValues.T0).succeeded(null).build();
      StepResult bareFailure = StepResult.builder("plan", TestValues.T0.plusSeconds(1)).failed(null).build();
      StepHistory history = historyOf(id, bare, bareFailure);
      assertSameValue(history, saveAndFind(history), "the history with empty optional fields read back");
    }
  }

  /** Snapshot semantics: the stored history becomes the saved snapshot, and never goes back. */
  @Nested
  @DisplayName("how versions behave")
  class Versions {

    @Test
    @DisplayName("a save replaces the stored history: saving versions 1, 2, 3 stores 3 results, not 6")
    void saveReplacesNotAppends() {
      WorkOrderId id = TestValues.newId();
      for (int v = 1; v <= 3; v++) {
        repository.save(TestValues.history(id, v));
      }
      assertSameValue(TestValues.history(id, 3), repository.find(id).orElseThrow(), "the history after saves 1, 2, 3");
    }

    @Test
    @DisplayName("each read after a save returns that save's snapshot, not an earlier version's results")
    void readsFollowSaves() {
      WorkOrderId id = TestValues.newId();
      for (int v = 1; v <= 5; v++) {
        StepHistory saved = TestValues.history(id, v);
        assertSameValue(saved, saveAndFind(saved), "the history read after saving version " + v);
      }
    }

    @Test
    @DisplayName("a save that skips versions (a lost save) heals: the stored history is the newer snapshot")
    void lostSaveHeals() {
      WorkOrderId id = TestValues.newId();
      repository.save(TestValues.history(id, 2));
      repository.save(TestValues.history(id, 6));
      assertSameValue(TestValues.history(id, 6), repository.find(id).orElseThrow(), "the history after saves 2, 6");
    }

    @Test
    @DisplayName("a save with a lower version than the stored one is ignored")
    void lowerVersionIgnored() {
      WorkOrderId id = TestValues.newId();
      repository.save(TestValues.history(id, 5));
      repository.save(TestValues.history(id, 3));
      assertSameValue(TestValues.history(id, 5), repository.find(id).orElseThrow(), "the history after saves 5, 3");
    }

    @Test
    @DisplayName("saving the same version twice is accepted and keeps that version")
    void sameVersionTwice() {
      WorkOrderId id = TestValues.newId();
      repository.save(TestValues.history(id, 4));
      repository.save(TestValues.history(id, 4));
      assertSameValue(TestValues.history(id, 4), repository.find(id).orElseThrow(), "the history after saves 4, 4");
    }
  }

  /** What other threads see while and after one saves. */
  @Nested
  @DisplayName("what other threads see")
  class Concurrency {

    @Test
    @DisplayName("a save is visible to another thread as soon as save returns")
    @Timeout(60)
    void saveVisibleToOtherThreads() throws Exception {
      ExecutorService reader = Executors.newSingleThreadExecutor();
      try {
        WorkOrderId id = TestValues.newId();
        for (int v = 1; v <= 50; v++) {
          repository.save(TestValues.history(id, v));
          long seen = reader.submit(() -> repository.find(id).map(StepHistory::version).orElse(-1L))
              .get(10, TimeUnit.SECONDS);
          assertTrue(seen >= v, "another thread saw version " + seen + " after version " + v + " was saved");
        }
      } finally {
        reader.shutdownNow();
      }
    }

    @Test
    @DisplayName("readers running while a writer saves versions 1..N see versions that never go down, each the snapshot saved as it")
    @Timeout(120)
    void readersSeeMonotonicSavedSnapshots() throws Exception {
      WorkOrderId id = TestValues.newId();
      List<StepHistory> snapshots = new ArrayList<>();
      StepHistory h = StepHistory.empty(id);
      for (int v = 1; v <= WRITER_VERSIONS; v++) {
        h = h.append(TestValues.result(id, v - 1));
        snapshots.add(h);
      }
      AtomicBoolean writing = new AtomicBoolean(true);
      CountDownLatch started = new CountDownLatch(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<String>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          readers.add(pool.submit(() -> {
            started.countDown();
            long last = -1;
            // keep reading a while after the writer is done: a fast store may finish before a reader starts
            int reads = 0;
            for (int attempt = 0; writing.get() || (reads < READS_AT_LEAST && attempt < MAX_READ_ATTEMPTS); attempt++) {
              Optional<StepHistory> seen = repository.find(id);
              reads += seen.isPresent() ? 1 : 0;
              if (seen.isEmpty()) {
                if (last >= 0) {
                  return "the history disappeared after version " + last;
                }
                continue;
              }
              StepHistory s = seen.get();
              if (s.version() < last) {
                return "the version went down from " + last + " to " + s.version();
              }
              if (s.version() > 0 && !s.equals(snapshots.get((int) s.version() - 1))) {
                return "version " + s.version() + " was not the snapshot saved as that version: "
                    + KitAssertions.firstDifference("", snapshots.get((int) s.version() - 1), s);
              }
              last = s.version();
            }
            return null;
          }));
        }
        started.await();
        for (StepHistory snapshot : snapshots) {
          repository.save(snapshot);
        }
        writing.set(false);
        for (Future<String> reader : readers) {
          assertEquals(null, reader.get(60, TimeUnit.SECONDS), "what a reader saw");
        }
        assertSameValue(snapshots.get(WRITER_VERSIONS - 1), repository.find(id).orElseThrow(), "the final history");
      } finally {
        writing.set(false);
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("concurrent saves of different work orders don't interfere")
    @Timeout(120)
    void concurrentSavesOfDifferentWorkOrders() throws Exception {
      int orders = 8;
      int versions = 40;
      List<WorkOrderId> ids = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        ids.add(TestValues.newId());
      }
      ExecutorService pool = Executors.newFixedThreadPool(orders);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (WorkOrderId id : ids) {
          writers.add(pool.submit(() -> {
            go.await();
            StepHistory h = StepHistory.empty(id);
            for (int v = 0; v < versions; v++) {
              h = h.append(TestValues.result(id, v));
              repository.save(h);
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> w : writers) {
          w.get(100, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      for (WorkOrderId id : ids) {
        assertSameValue(TestValues.history(id, versions), repository.find(id).orElse(null), "the history of " + id);
      }
    }

    @Test
    @DisplayName("concurrent saves of the same work order leave the highest version stored, every time")
    @Timeout(120)
    void concurrentSavesOfSameWorkOrderKeepHighest() throws Exception {
      int writers = 4;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        for (int round = 0; round < SAME_ORDER_ROUNDS; round++) {
          WorkOrderId id = TestValues.newId();
          StepHistory full = TestValues.history(id, writers);
          CountDownLatch go = new CountDownLatch(1);
          List<Future<?>> saves = new ArrayList<>();
          for (int v = 1; v <= writers; v++) {
            StepHistory snapshot = StepHistory.of(id, full.results().subList(0, v));
            saves.add(pool.submit(() -> {
              go.await();
              repository.save(snapshot);
              return null;
            }));
          }
          go.countDown();
          for (Future<?> save : saves) {
            save.get(60, TimeUnit.SECONDS);
          }
          assertSameValue(full, repository.find(id).orElse(null),
              "the history after versions 1.." + writers + " were saved at once (round " + (round + 1) + ")");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Bad arguments fail at once, with a message. */
  @Nested
  @DisplayName("which arguments are refused")
  class Arguments {

    @Test
    @DisplayName("a null snapshot or id is refused with an exception saying what was null")
    void nullArgumentsRefused() {
      assertRefused(() -> repository.save(null), "save(null)");
      assertRefused(() -> repository.find(null), "find(null)");
    }
  }

  static void assertRefused(Executable call, String what) {
    Throwable e = assertThrows(Throwable.class, call, what + " should throw");
    assertTrue(e instanceof NullPointerException || e instanceof IllegalArgumentException,
        what + ": expected NullPointerException or IllegalArgumentException, got " + KitAssertions.abbreviate(e));
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(),
        what + ": the exception should say what was null");
  }
}
