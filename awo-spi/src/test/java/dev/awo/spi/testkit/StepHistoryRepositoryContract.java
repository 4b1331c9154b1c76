package dev.awo.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link StepHistoryRepository} must honour. Extend it in your own test sources
 * and supply only {@link #createRepository()}; each test gets a fresh repository (ids are unique
 * per test, so a shared database works too).
 *
 * <pre>{@code
 * class MyRepositoryTest extends StepHistoryRepositoryContract {
 *   protected StepHistoryRepository createRepository() { return new MyRepository(dataSource); }
 * }
 * }</pre>
 */
public abstract class StepHistoryRepositoryContract extends RepositoryContract<StepHistoryRepository> {
  private static final int WRITER_VERSIONS = 300;

  @Test
  @DisplayName("an id that was never saved gives an empty result, not an exception")
  void unknownIdIsEmpty() {
    assertEquals(Optional.empty(), repository.find(TestValues.newId()));
  }

  @Test
  @DisplayName("a saved snapshot is read back equal, every field of every result intact")
  void roundTrip() {
    StepHistory history = TestValues.history(TestValues.newId(), 7);
    repository.save(history);
    assertEquals(history, repository.find(history.workOrderId()).orElseThrow());
  }

  @Test
  @DisplayName("an empty snapshot (version 0) can be saved and read")
  void emptySnapshot() {
    StepHistory empty = StepHistory.empty(TestValues.newId());
    repository.save(empty);
    assertEquals(empty, repository.find(empty.workOrderId()).orElseThrow());
  }

  @Test
  @DisplayName("a save replaces the stored history: saving versions 1, 2, 3 stores 3 results, not 6")
  void saveReplacesNotAppends() {
    WorkOrderId id = TestValues.newId();
    for (int v = 1; v <= 3; v++) {
      repository.save(TestValues.history(id, v));
    }
    StepHistory stored = repository.find(id).orElseThrow();
    assertEquals(3, stored.results().size());
    assertEquals(TestValues.history(id, 3), stored);
  }

  @Test
  @DisplayName("a save that skips versions (a lost save) heals: the stored history is the newer snapshot")
  void lostSaveHeals() {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 2));
    repository.save(TestValues.history(id, 6));
    assertEquals(TestValues.history(id, 6), repository.find(id).orElseThrow());
  }

  @Test
  @DisplayName("a save with a lower version than the stored one is ignored")
  void lowerVersionIgnored() {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 5));
    repository.save(TestValues.history(id, 3));
    assertEquals(5, repository.find(id).orElseThrow().version());
    assertEquals(TestValues.history(id, 5), repository.find(id).orElseThrow());
  }

  @Test
  @DisplayName("saving the same version twice keeps that version")
  void sameVersionTwice() {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 4));
    repository.save(TestValues.history(id, 4));
    assertEquals(TestValues.history(id, 4), repository.find(id).orElseThrow());
  }

  @Test
  @DisplayName("histories of different work orders never mix")
  void workOrdersAreSeparate() {
    WorkOrderId a = TestValues.newId();
    WorkOrderId b = TestValues.newId();
    repository.save(TestValues.history(a, 2));
    repository.save(TestValues.history(b, 4));
    assertEquals(2, repository.find(a).orElseThrow().version());
    assertEquals(4, repository.find(b).orElseThrow().version());
    assertEquals(a, repository.find(a).orElseThrow().workOrderId());
  }

  @Test
  @DisplayName("snapshots handed out cannot be changed by the caller")
  void snapshotsAreUnmodifiable() {
    WorkOrderId id = TestValues.newId();
    repository.save(TestValues.history(id, 3));
    StepHistory read = repository.find(id).orElseThrow();
    List<StepResult> results = read.results();
    assertThrows(UnsupportedOperationException.class, () -> results.add(TestValues.result(9)));
    assertThrows(UnsupportedOperationException.class, () -> results.remove(0));
    assertThrows(UnsupportedOperationException.class, () -> results.set(0, TestValues.result(9)));
    assertEquals(3, repository.find(id).orElseThrow().results().size());
  }

  @Test
  @DisplayName("a snapshot saved and then extended by the caller is stored as it was when saved")
  void storedSnapshotIsIsolatedFromLaterAppends() {
    WorkOrderId id = TestValues.newId();
    StepHistory two = TestValues.history(id, 2);
    repository.save(two);
    two.append(TestValues.result(2)); // a caller extending its copy
    assertEquals(2, repository.find(id).orElseThrow().results().size());
  }

  @Test
  @DisplayName("a save is visible to another thread as soon as save returns")
  @Timeout(60)
  void saveVisibleToOtherThreads() throws Exception {
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      WorkOrderId id = TestValues.newId();
      for (int v = 1; v <= 50; v++) {
        repository.save(TestValues.history(id, v));
        int expected = v;
        long seen = reader.submit(() -> repository.find(id).orElseThrow().version()).get(10, TimeUnit.SECONDS);
        assertTrue(seen >= expected, "another thread saw version " + seen + " after version " + expected + " was saved");
      }
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  @DisplayName("readers running while a writer saves versions 1..N only ever see versions that never go down, each whole")
  @Timeout(120)
  void readersSeeMonotonicConsistentVersions() throws Exception {
    WorkOrderId id = TestValues.newId();
    List<StepHistory> snapshots = new ArrayList<>();
    StepHistory h = StepHistory.empty(id);
    for (int v = 1; v <= WRITER_VERSIONS; v++) {
      h = h.append(TestValues.result(v - 1));
      snapshots.add(h);
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<String>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          started.countDown();
          long last = -1;
          while (writing.get()) {
            Optional<StepHistory> seen = repository.find(id);
            if (seen.isEmpty()) {
              if (last >= 0) {
                return "history disappeared after version " + last;
              }
              continue;
            }
            StepHistory s = seen.get();
            if (s.version() < last) {
              return "version went down from " + last + " to " + s.version();
            }
            if (s.results().size() != s.version() || !s.equals(snapshots.get((int) s.version() - 1))) {
              return "version " + s.version() + " was not the snapshot saved as that version";
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
        String problem = reader.get(60, TimeUnit.SECONDS);
        assertEquals(null, problem);
      }
      assertEquals(WRITER_VERSIONS, repository.find(id).orElseThrow().version());
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
            h = h.append(TestValues.result(v));
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
      assertEquals(TestValues.history(id, versions), repository.find(id).orElseThrow());
    }
  }

  @Test
  @DisplayName("concurrent saves of the same work order leave the highest version stored")
  @Timeout(120)
  void concurrentSavesOfSameWorkOrderKeepHighest() throws Exception {
    WorkOrderId id = TestValues.newId();
    StepHistory full = TestValues.history(id, 40);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int offset = w;
        writers.add(pool.submit(() -> {
          for (int v = offset; v <= 40; v += 4) {
            repository.save(StepHistory.of(id, full.results().subList(0, v)));
          }
          return null;
        }));
      }
      for (Future<?> w : writers) {
        w.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(full, repository.find(id).orElseThrow());
  }

  @Test
  @DisplayName("a null snapshot or id is refused with an exception naming it")
  void nullArgumentsRefused() {
    RuntimeException save = assertThrows(RuntimeException.class, () -> repository.save(null));
    assertTrue(save instanceof NullPointerException || save instanceof IllegalArgumentException,
        "expected NullPointerException or IllegalArgumentException, got " + save);
    assertFalse(String.valueOf(save.getMessage()).isBlank(), "the exception should say what was null");
    RuntimeException find = assertThrows(RuntimeException.class, () -> repository.find(null));
    assertTrue(find instanceof NullPointerException || find instanceof IllegalArgumentException,
        "expected NullPointerException or IllegalArgumentException, got " + find);
  }
}
